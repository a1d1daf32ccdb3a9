/**
 * GET /v1/me's answers kept in memory, on PostgreSQL: what the triggers announce, that a kept answer costs no
 * statement, and that revocation, key retirement and a lost listener take effect on the kept copies. The same
 * cases of staleness as without the cache run in server/db/stored-customer-view.test.ts.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { openTestApp } from '../test-support/test-app.ts';
import { get, mintToken, newTenant, post } from '../test-support/fixtures.ts';
import type { CreatedTenant } from '../db/tenant-repository.ts';
import { LISTENER_APPLICATION_NAME } from '../db/connect.ts';
import { VIEW_CHANGES_CHANNEL } from '../db/view-change-listener.ts';
import { signEmbedToken } from '../embed-token.ts';

/** The vendor's page the widget is embedded in: its visits are cross-origin, as in production. */
const SHOP = 'https://shop.acme.test';

const SKIP = process.env.DATABASE_URL ? false : 'the embedded database passes no change notifications on: the cache is off there (run with DATABASE_URL)';

async function eventually(check: () => boolean | Promise<boolean>, what: string, timeoutMs = 3000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) assert.fail(`not within ${timeoutMs} ms: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

describe('GET /v1/me answers kept in memory', { skip: SKIP }, () => {
  let harness: Awaited<ReturnType<typeof openTestApp>>;
  let acme: CreatedTenant;

  before(async () => {
    harness = await openTestApp({}, { answerCache: true });
    acme = await newTenant(harness.sql, 'Acme', [SHOP]);
    await post(harness.app, '/v1/customers', acme.apiKey, { items: [{ externalId: 'c1', name: 'Ada Lovelace' }, { externalId: 'c2', name: 'Charles Babbage' }] });
    await post(harness.app, '/v1/orders', acme.apiKey, { items: [{ externalId: 'o1', customerId: 'c1', occurredAt: '2024-01-15T10:00:00Z', amount: 10000 }] });
  });
  after(() => harness.close());

  const visit = async (token: string) => {
    await harness.app.rescoring.settled();
    await harness.app.viewChangesHeard();
    return get(harness.app, '/v1/me', token, { origin: SHOP });
  };
  /**
   * Visits until the token's answer comes from memory: the first visit computes it, the next reads it stored
   * and keeps it, the third is answered from memory.
   */
  const keep = async (token: string) => {
    for (let attempt = 0; attempt < 3; attempt += 1) {
      const hits = harness.app.storedViewCache.hits;
      const response = await visit(token);
      assert.equal(response.statusCode, 200, response.body);
      if (harness.app.storedViewCache.hits > hits) return response;
    }
    return assert.fail('the answer did not come from memory');
  };

  test('the triggers announce the customers a statement changed, or the whole tenant', async () => {
    const heard: unknown[] = [];
    const listening = await harness.sql.listen(VIEW_CHANGES_CHANNEL, (payload) => heard.push(JSON.parse(payload)));
    try {
      const expectHeard = async (what: string, change: () => Promise<unknown>, expected: unknown) => {
        heard.length = 0;
        await change();
        await eventually(() => heard.some((payload) => JSON.stringify(payload) === JSON.stringify(expected)), `${what}: ${JSON.stringify(expected)} in ${JSON.stringify(heard)}`);
      };
      const tenant = acme.tenantId;
      await expectHeard('an order', () => post(harness.app, '/v1/orders', acme.apiKey, { items: [{ externalId: 'o2', customerId: 'c2', occurredAt: '2025-01-15T10:00:00Z', amount: 500 }] }), { tenant, customers: ['c2'] });
      // An hour back: it revokes nothing a later test mints (a token minted within a second of a cutoff carries the next second's iat).
      await expectHeard('a revocation by hand', () => harness.sql`update customers set tokens_valid_after = now() - interval '1 hour' where tenant_id = ${tenant} and external_id in ('c1', 'c2')`, { tenant, customers: ['c1', 'c2'] });
      await expectHeard("the tenant's settings", () => harness.sql`update tenants set expected_lifespan_years = 4 where id = ${tenant}`, { tenant });
      await expectHeard('a new embed key', () => post(harness.app, '/v1/embed-keys', acme.apiKey, {}), { tenant });
      await expectHeard('more customers than a batch', () => harness.sql`insert into customers (tenant_id, external_id) select ${tenant}, 'bulk-' || i from generate_series(1, 5001) i`, { tenant });
      // 300 customers of 60-character ids do not fit in one notification (8,000 bytes): the tenant is announced.
      await expectHeard('more customers than a notification holds', () => harness.sql`insert into customers (tenant_id, external_id) select ${tenant}, repeat('x', 56) || lpad(i::text, 4, '0') from generate_series(1, 300) i`, { tenant });
    } finally {
      await listening.unlisten();
    }
  });

  test('a kept answer is served without a statement, cross-origin too: with its tables out of reach, only kept answers are served', async () => {
    const ada = await mintToken(harness.app, acme.apiKey, 'c1');
    const babbage = await mintToken(harness.app, acme.apiKey, 'c2');
    const kept = await keep(ada);
    // Grants raise no version and send no notification: the kept copy stays. The tenant's row holds its origins.
    await harness.sql`revoke select on customer_views, tenants from openbook_app`;
    try {
      const fromMemory = await visit(ada);
      assert.equal(fromMemory.statusCode, 200, fromMemory.body);
      assert.equal(fromMemory.body, kept.body);
      assert.equal(fromMemory.headers['access-control-allow-origin'], SHOP);
      assert.equal((await visit(babbage)).statusCode, 500, 'a visit that asks the database fails without the grants');
    } finally {
      await harness.sql`grant select on customer_views, tenants to openbook_app`;
    }
  });

  test("a kept answer goes only to the tenant's origins, as they are now", async () => {
    const ada = await mintToken(harness.app, acme.apiKey, 'c1');
    await keep(ada);
    const elsewhere = await get(harness.app, '/v1/me', ada, { origin: 'https://evil.test' });
    assert.equal(elsewhere.statusCode, 403);
    assert.ok(!elsewhere.body.includes('Ada Lovelace'));
    await harness.sql`update tenants set allowed_origins = '{https://new-shop.acme.test}' where id = ${acme.tenantId}`;
    try {
      assert.equal((await visit(ada)).statusCode, 403, 'the removed origin, once the change is heard');
      assert.equal((await get(harness.app, '/v1/me', ada, { origin: 'https://new-shop.acme.test' })).statusCode, 200);
    } finally {
      await harness.sql`update tenants set allowed_origins = ${[SHOP]} where id = ${acme.tenantId}`;
    }
  });

  test('the token is still checked on every visit: a kept answer goes to no forged or expired token', async () => {
    await keep(await mintToken(harness.app, acme.apiKey, 'c1'));
    const forged = signEmbedToken({ tenantId: acme.tenantId, keyId: acme.embedKeyId, secret: 'not-the-secret-'.repeat(3), customerId: 'c1', role: 'customer' }).token;
    const expired = signEmbedToken({ tenantId: acme.tenantId, keyId: acme.embedKeyId, secret: acme.embedSecret, customerId: 'c1', role: 'customer', now: new Date(Date.now() - 7_200_000) }).token;
    for (const token of [forged, expired]) {
      const response = await visit(token);
      assert.equal(response.statusCode, 401);
      assert.ok(!response.body.includes('Ada Lovelace'));
    }
  });

  test('a revocation through this server refuses the kept token from the next request', async () => {
    const ada = await mintToken(harness.app, acme.apiKey, 'c1');
    await keep(ada);
    const revoked = await post(harness.app, '/v1/customers/c1/revoke-tokens', acme.apiKey, {});
    assert.equal(revoked.statusCode, 200, revoked.body);
    // No wait for the notification: this server dropped its copies when the revocation committed.
    assert.equal((await get(harness.app, '/v1/me', ada)).statusCode, 401);
  });

  test('a revocation or a key retirement made elsewhere refuses the kept token once its notification arrives', async () => {
    await new Promise((resolve) => setTimeout(resolve, 1000)); // tokens' iat is in whole seconds: after the last revocation
    const ada = await mintToken(harness.app, acme.apiKey, 'c1');
    await keep(ada);
    await harness.sql`update customers set tokens_valid_after = now() + interval '1 second' where tenant_id = ${acme.tenantId} and external_id = 'c1'`;
    await eventually(async () => (await get(harness.app, '/v1/me', ada)).statusCode === 401, 'the revoked token is refused');

    const babbage = await mintToken(harness.app, acme.apiKey, 'c2');
    const { embedKeyId } = (await post(harness.app, '/v1/embed-keys', acme.apiKey, {})).json() as { embedKeyId: string };
    const kept = await keep(babbage);
    assert.equal(kept.statusCode, 200);
    // Retired by another process, with no change to any answer: only the notification tells this server.
    const retiring = await harness.sql`update embed_keys set retired_at = now() where tenant_id = ${acme.tenantId} and id <> ${embedKeyId} and retired_at is null`;
    assert.ok(retiring.count >= 1);
    await eventually(async () => (await get(harness.app, '/v1/me', babbage)).statusCode === 401, "the retired key's token is refused");
  });

  test('a lost listening connection drops every copy at once; copies are kept again once it listens again', async () => {
    const babbage = await mintToken(harness.app, acme.apiKey, 'c2');
    await keep(babbage);
    assert.equal(harness.app.storedViewCache.live, true);
    const [listener] = await harness.sql<{ pid: number }[]>`
      select pid from pg_stat_activity where application_name = ${LISTENER_APPLICATION_NAME} and datname = current_database() and query ilike 'listen%'`;
    assert.ok(listener, 'the listening session is in pg_stat_activity');
    await harness.sql`select pg_terminate_backend(${listener.pid})`;
    await eventually(() => !harness.app.storedViewCache.live, 'the cache stops serving');
    assert.equal(harness.app.storedViewCache.size, 0);
    // The listener comes back by itself; from then on answers are kept again.
    await harness.app.viewChangesHeard();
    assert.equal(harness.app.storedViewCache.live, true);
    await keep(babbage);
  });
});
