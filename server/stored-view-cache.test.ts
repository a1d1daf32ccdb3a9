import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { StoredViewCache } from './stored-view-cache.ts';
import type { ClaimedView, EmbedKeyWithStoredView } from './db/stored-view-repository.ts';

const T0 = new Date('2025-07-15T00:00:00Z');
const LIVE_FOR_MS = 1000;

const claim = (customerId: string, tenantId = 'acme', audience: ClaimedView['audience'] = 'customer', keyId = 'k1'): ClaimedView => ({ tenantId, keyId, customerId, audience });
const answer = (label: string, until = new Date('2025-07-16T00:00:00Z')): EmbedKeyWithStoredView => ({
  secret: `secret of ${label}`,
  tokensValidAfter: null,
  storedView: Buffer.from(label),
  viewComputedAt: T0,
  viewValidUntil: until,
  allowedOrigins: [],
});

/** A cache on a clock the test moves, live from the start. */
function liveCache(maxEntries = 100) {
  let clock = 0;
  const cache = new StoredViewCache({ maxEntries, now: () => clock });
  cache.markLive(clock, LIVE_FOR_MS);
  return {
    cache,
    advance: (ms: number) => {
      clock += ms;
    },
    get clock() {
      return clock;
    },
  };
}

/** Reads through the cache and says whether the database (`load`) was asked. */
async function visit(cache: StoredViewCache, claimed: ClaimedView, fromDatabase: EmbedKeyWithStoredView | null, asOf = T0) {
  let asked = false;
  const found = await cache.read(claimed, asOf, async () => {
    asked = true;
    return fromDatabase;
  });
  return { found, asked };
}

describe('GET /v1/me answers kept in memory', () => {
  test('a stored answer read once is served from memory after; an answer-less read is not kept', async () => {
    const { cache } = liveCache();
    assert.equal((await visit(cache, claim('c1'), answer('ada'))).asked, true);
    const again = await visit(cache, claim('c1'), answer('other'));
    assert.equal(again.asked, false);
    assert.equal(again.found?.storedView?.toString(), 'ada');
    // A key without a current stored answer (a first visit of the day) is asked for every time.
    await visit(cache, claim('c2'), { ...answer('none'), storedView: null, viewComputedAt: null, viewValidUntil: null });
    assert.equal((await visit(cache, claim('c2'), null)).asked, true);
    assert.equal(cache.size, 1);
  });

  test('copies are kept apart by tenant, key and audience', async () => {
    const { cache } = liveCache();
    await visit(cache, claim('c1'), answer('acme c1'));
    for (const other of [claim('c1', 'globex'), claim('c1', 'acme', 'vendor'), claim('c1', 'acme', 'customer', 'k2')]) {
      const { asked } = await visit(cache, other, answer('other'));
      assert.equal(asked, true, JSON.stringify(other));
    }
    assert.equal((await visit(cache, claim('c1', 'globex'), null)).found?.storedView?.toString(), 'other');
  });

  test("a copy is served only within the stored answer's window, and dropped past it", async () => {
    const { cache } = liveCache();
    const until = new Date('2025-07-15T10:00:00Z');
    await visit(cache, claim('c1'), answer('ada', until));
    assert.equal((await visit(cache, claim('c1'), null, new Date(until.getTime() - 1))).asked, false);
    assert.equal((await visit(cache, claim('c1'), null, until)).asked, true);
    assert.equal(cache.size, 0);
    assert.equal((await visit(cache, claim('c1'), null, new Date(until.getTime() - 1))).asked, true, 'not served again for an earlier instant');
    // An answer that is not current at the visit's instant is not kept either.
    await visit(cache, claim('c2'), answer('babbage', until), until);
    assert.equal(cache.size, 0);
  });

  test("a customer's change drops that customer's copies; a tenant's change all of the tenant's", async () => {
    const { cache } = liveCache();
    for (const claimed of [claim('c1'), claim('c1', 'acme', 'vendor'), claim('c2'), claim('c1', 'globex')]) await visit(cache, claimed, answer('x'));
    assert.equal(cache.size, 4);
    cache.forget({ tenantId: 'acme', customerIds: ['c1', 'nobody'] });
    assert.equal(cache.size, 2);
    assert.equal((await visit(cache, claim('c1'), answer('y'))).asked, true);
    assert.equal((await visit(cache, claim('c2'), null)).asked, false);
    cache.forget({ tenantId: 'acme', customerIds: null });
    assert.equal((await visit(cache, claim('c1'), answer('y'))).asked, true);
    assert.equal((await visit(cache, claim('c2'), answer('y'))).asked, true);
    assert.equal((await visit(cache, claim('c1', 'globex'), null)).asked, false, "another tenant's copies stay");
  });

  test('a read on its way while a change is heard is not kept: it may predate the change', async () => {
    const { cache } = liveCache();
    for (const change of [{ tenantId: 'acme', customerIds: ['someone else'] }, { tenantId: 'acme', customerIds: null }]) {
      await cache.read(claim('c1'), T0, async () => {
        cache.forget(change);
        return answer('read before the change');
      });
      assert.equal(cache.size, 0, JSON.stringify(change));
    }
    // Another tenant's change does not hold this tenant's reads back.
    await cache.read(claim('c1'), T0, async () => {
      cache.forget({ tenantId: 'globex', customerIds: null });
      return answer('ada');
    });
    assert.equal(cache.size, 1);
  });

  test('nothing is served or kept unless a probe came back lately; coming back live starts from nothing', async () => {
    const probe = liveCache();
    const { cache } = probe;
    await visit(cache, claim('c1'), answer('ada'));
    probe.advance(LIVE_FOR_MS - 1);
    assert.equal((await visit(cache, claim('c1'), null)).asked, false);
    probe.advance(1);
    assert.equal(cache.live, false, 'the last probe is overdue');
    assert.equal((await visit(cache, claim('c1'), answer('ada'))).asked, true);
    assert.equal((await visit(cache, claim('c2'), answer('babbage'))).asked, true);
    // Changes may have gone unheard while no probe came back: the copy from before is gone.
    cache.markLive(probe.clock, LIVE_FOR_MS);
    assert.equal(cache.size, 0);
    assert.equal((await visit(cache, claim('c1'), answer('ada'))).asked, true);
    assert.equal((await visit(cache, claim('c1'), null)).asked, false);
  });

  test('a lost listener drops every copy at once, and a read on its way then is not kept', async () => {
    const { cache } = liveCache();
    await visit(cache, claim('c1'), answer('ada'));
    await cache.read(claim('c2'), T0, async () => {
      cache.markLost();
      return answer('babbage');
    });
    assert.equal(cache.size, 0);
    assert.equal(cache.live, false);
    assert.equal((await visit(cache, claim('c1'), answer('ada'))).asked, true);
  });

  test('at most maxEntries copies, the oldest dropped first; 0 keeps none', async () => {
    const { cache } = liveCache(3);
    for (const id of ['c1', 'c2', 'c3', 'c4']) await visit(cache, claim(id), answer(id));
    assert.equal(cache.size, 3);
    assert.equal((await visit(cache, claim('c1'), answer('c1'))).asked, true, 'the oldest went');
    assert.equal((await visit(cache, claim('c4'), null)).asked, false);
    const off = liveCache(0).cache;
    await visit(off, claim('c1'), answer('c1'));
    assert.equal(off.size, 0);
    assert.equal((await visit(off, claim('c1'), answer('c1'))).asked, true);
  });
});
