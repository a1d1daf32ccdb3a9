import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { openTestApp } from '../test-support/test-app.ts';
import { get, mintToken, newTenant, post } from '../test-support/fixtures.ts';
import type { CustomerValue } from '../../shared/schemas/customer-value.ts';
import type { CreatedTenant } from './tenant-repository.ts';
import { evaluateLoyalty } from '../scoring/loyalty.ts';
import { withTenant } from './tenant-scope.ts';
import { signEmbedToken } from '../embed-token.ts';
import { scoreTenant } from '../scoring/score-tenant.ts';
import { generateDemoData } from '../../demo/generate.ts';
import { deleteDeadViews } from './stored-view-repository.ts';
import { gunzipSync, gzipSync } from 'node:zlib';

// Tables GET /v1/me does not read, or that follow a watched table by its own triggers: no version triggers.
const UNWATCHED: Record<string, string> = {
  customer_view_versions: 'the versions themselves',
  tenant_view_versions: 'the versions themselves',
  customer_views: 'the stored answers themselves',
  api_keys: 'credentials: checked on every request, not part of the answer',
  embed_keys: 'credentials: checked on every request, not part of the answer',
  idempotency_keys: 'replay records of the batch routes',
  acquisition_spend: 'vendor metrics only',
  goals: 'served by the goal routes, not by /v1/me',
  goal_events: 'served by the goal routes, not by /v1/me',
  order_monthly_rollup: 'derived from orders by triggers; orders are watched',
  customer_order_totals: 'derived from orders by triggers; orders are watched',
  tenant_order_monthly: 'vendor metrics only, derived from orders by triggers',
  subscription_mrr_monthly: 'derived from subscriptions by triggers; subscriptions are watched',
  customer_subscription_totals: 'derived from subscriptions by triggers; subscriptions are watched',
  scoring_backlog: 'the customers a scoring run evaluates again; their figures are what /v1/me reads',
};

const AS_OF = new Date('2025-07-15T00:00:00Z');

/**
 * Every case runs twice: with the stored answers read from the database at each visit, and with this server
 * keeping them in memory (plugins/stored-view-cache.ts), which must serve nothing else. In memory, a visit
 * waits until the server has heard the changes committed before it (a notification arrives a moment after its
 * commit). The embedded database's server passes no notifications on, so the cache is never on there.
 */
const KEPT_IN_MEMORY_SKIP = process.env.DATABASE_URL ? false : 'the embedded database passes no change notifications on: the cache is off there (run with DATABASE_URL)';

for (const keptInMemory of [false, true]) describe(`stored answers of GET /v1/me${keptInMemory ? ', kept in memory' : ''}`, { skip: keptInMemory && KEPT_IN_MEMORY_SKIP }, () => {
  let harness: Awaited<ReturnType<typeof openTestApp>>;
  let acme: CreatedTenant;
  let globex: CreatedTenant;
  let now = AS_OF;
  let ada: string;
  let babbage: string;

  before(async () => {
    harness = await openTestApp({ clock: () => now }, { answerCache: keptInMemory });
    acme = await newTenant(harness.sql, 'Acme');
    globex = await newTenant(harness.sql, 'Globex');
    const { app } = harness;
    await post(app, '/v1/customers', acme.apiKey, { items: [{ externalId: 'c1', name: 'Ada Lovelace' }, { externalId: 'c2', name: 'Charles Babbage' }] });
    const orders = await post(app, '/v1/orders', acme.apiKey, {
      items: [
        { externalId: 'o1', customerId: 'c1', occurredAt: '2024-01-15T10:00:00Z', amount: 10000 },
        { externalId: 'o2', customerId: 'c1', occurredAt: '2025-03-10T10:00:00Z', amount: 5000 },
        { externalId: 'o3', customerId: 'c2', occurredAt: '2025-06-01T12:00:00Z', amount: 999 },
      ],
    });
    assert.equal(orders.statusCode, 200, orders.body);
    await post(app, '/v1/customers', globex.apiKey, { items: [{ externalId: 'c1', name: 'Globex Customer' }] });
    ada = await mintToken(app, acme.apiKey, 'c1');
    babbage = await mintToken(app, acme.apiKey, 'c2');
  });

  after(() => harness.close());

  const me = async (token: string) => {
    // The loyalty re-evaluation after a batch raises the customers' versions when it lands: not mid-test.
    await harness.app.rescoring.settled();
    await harness.app.viewChangesHeard();
    const response = await get(harness.app, '/v1/me', token);
    assert.equal(response.statusCode, 200, response.body);
    if (keptInMemory) {
      // The answer read again (stored, then kept) and then from memory: the same answer each time.
      assert.equal((await get(harness.app, '/v1/me', token)).body, response.body);
      const hits = harness.app.storedViewCache.hits;
      assert.equal((await get(harness.app, '/v1/me', token)).body, response.body);
      assert.equal(harness.app.storedViewCache.hits, hits + 1, 'the last visit was answered from memory');
    }
    return response.json() as CustomerValue;
  };
  const storedIsCurrent = async (tenantId: string, customerId: string, audience = 'customer') => {
    const keyId = tenantId === acme.tenantId ? acme.embedKeyId : globex.embedKeyId;
    const [row] = await harness.sql<{ body: Buffer | null }[]>`
      select stored_view_gzip as body from openbook_embed_key_and_view(${tenantId}, ${keyId}, ${customerId}, ${audience}, ${now})`;
    return Buffer.isBuffer(row?.body);
  };
  /** Rewrites the customer's stored answers behind the server's back (this table raises no version). */
  const markStoredAnswers = async (tenantId: string, customerId: string, from: string, to: string) => {
    const rows = await harness.sql<{ audience: string; body: Buffer }[]>`
      select audience, body_gzip as body from customer_views where tenant_id = ${tenantId} and customer_id = ${customerId}`;
    assert.ok(rows.length > 0, 'an answer is stored');
    for (const { audience, body } of rows) {
      const marked = gzipSync(gunzipSync(body).toString('utf8').replaceAll(from, to));
      await harness.sql`update customer_views set body_gzip = ${marked} where tenant_id = ${tenantId} and customer_id = ${customerId} and audience = ${audience}`;
    }
  };

  test('every table of tenant data is watched by the version triggers, or listed here with the reason it is not', async () => {
    const tables = await harness.sql<{ name: string; triggers: number }[]>`
      select c.relname as name,
             (select count(*)::int from pg_trigger t where t.tgrelid = c.oid and t.tgname like '%\_view\_versions\_%') as triggers
      from pg_class c
      where c.relnamespace = current_schema()::regnamespace and c.relkind = 'r'
        and (c.relname = 'tenants' or exists (select from pg_attribute a where a.attrelid = c.oid and a.attname = 'tenant_id' and not a.attisdropped))
      order by 1`;
    assert.ok(tables.length > 20, 'the catalog query found the tables');
    const missing = tables.filter((t) => t.triggers !== 3 && !UNWATCHED[t.name]);
    assert.deepEqual(missing.map((t) => t.name), [], 'tables neither watched (insert, update and delete) nor listed as unwatched');
    const watchedButListed = tables.filter((t) => t.triggers > 0 && UNWATCHED[t.name]);
    assert.deepEqual(watchedButListed.map((t) => t.name), []);
  });

  test('a later visit is answered from the stored answer, not computed again', async () => {
    const first = await me(ada);
    assert.equal(first.customer.name, 'Ada Lovelace');
    assert.ok(await storedIsCurrent(acme.tenantId, 'c1'));
    // Marked behind the server's back: the marked text is what comes back. Kept in memory, the copy read before
    // comes back instead: a stored answer is itself a copy, and rewriting it announces nothing.
    await markStoredAnswers(acme.tenantId, 'c1', 'Ada Lovelace', 'Stored Ada');
    assert.equal((await me(ada)).customer.name, keptInMemory ? 'Ada Lovelace' : 'Stored Ada');
  });

  test('the answer is sent gzipped to a client that accepts gzip, computed or stored, and as JSON to others', async () => {
    const visit = async (acceptEncoding?: string) => {
      await harness.app.rescoring.settled();
      await harness.app.viewChangesHeard();
      const response = await get(harness.app, '/v1/me', babbage, acceptEncoding ? { 'accept-encoding': acceptEncoding } : {});
      assert.equal(response.statusCode, 200, response.body);
      assert.match(String(response.headers.vary), /accept-encoding/i);
      assert.match(String(response.headers['content-type']), /^application\/json/);
      return response;
    };
    const browserAccepts = 'gzip, deflate, br, zstd';
    assert.equal(await storedIsCurrent(acme.tenantId, 'c2'), false);
    const computed = await visit(browserAccepts);
    assert.ok(await storedIsCurrent(acme.tenantId, 'c2'), 'the first visit stored its answer');
    const stored = await visit(browserAccepts);
    for (const response of [computed, stored]) {
      assert.equal(response.headers['content-encoding'], 'gzip');
      assert.equal(Number(response.headers['content-length']), response.rawPayload.length);
    }
    const plain = await visit();
    const refusesGzip = await visit('gzip;q=0, identity');
    for (const response of [plain, refusesGzip]) assert.equal(response.headers['content-encoding'], undefined);
    const answer = plain.json() as CustomerValue;
    assert.equal(answer.customer.name, 'Charles Babbage');
    assert.deepEqual(JSON.parse(gunzipSync(computed.rawPayload).toString('utf8')), answer);
    assert.deepEqual(gunzipSync(stored.rawPayload), plain.rawPayload);
    assert.deepEqual(refusesGzip.rawPayload, plain.rawPayload);
    // The point of it: a third or so of the bytes.
    assert.ok(stored.rawPayload.length < plain.rawPayload.length / 2, `${stored.rawPayload.length} gzipped against ${plain.rawPayload.length}`);
  });

  test('a new order of the customer makes the next visit compute the figures again', async () => {
    await me(ada);
    const before = (await me(ada)).figures.realisedValue.amount;
    const response = await post(harness.app, '/v1/orders', acme.apiKey, { items: [{ externalId: 'o4', customerId: 'c1', occurredAt: '2025-07-01T10:00:00Z', amount: 2500 }] });
    assert.equal(response.statusCode, 200, response.body);
    assert.equal(await storedIsCurrent(acme.tenantId, 'c1'), false);
    const after = await me(ada);
    assert.equal(after.figures.realisedValue.amount, before + 2500);
    assert.equal(after.customer.name, 'Ada Lovelace');
  });

  test("another customer's change leaves the answer stored; a tenant-wide change does not", async () => {
    await me(ada);
    await me(babbage);
    await post(harness.app, '/v1/customers', acme.apiKey, { items: [{ externalId: 'c2', name: 'C. Babbage' }] });
    assert.equal(await storedIsCurrent(acme.tenantId, 'c2'), false);
    assert.equal(await storedIsCurrent(acme.tenantId, 'c1'), true);
    assert.equal((await me(babbage)).customer.name, 'C. Babbage');
    await harness.sql`update tenants set expected_lifespan_years = 5 where id = ${acme.tenantId}`;
    assert.equal(await storedIsCurrent(acme.tenantId, 'c1'), false);
    assert.equal(await storedIsCurrent(acme.tenantId, 'c2'), false);
    assert.equal((await me(ada)).figures.expectedLifespan.years, 5);
  });

  // Every kind of write to an input of the answer, as a hand-run statement would make it.
  const changes: Array<[string, (tenantId: string) => Promise<unknown>]> = [
    ['an order refunded', (t) => harness.sql`update orders set status = 'refunded' where tenant_id = ${t} and external_id = 'o2'`],
    ['an order deleted', (t) => harness.sql`delete from orders where tenant_id = ${t} and external_id = 'o4'`],
    ['a subscription started', (t) => harness.sql`insert into subscriptions (tenant_id, external_id, customer_id, plan, mrr, started_at) values (${t}, 's1', 'c1', 'pro', 4900, '2025-01-01')`],
    ['an NPS answer', (t) => harness.sql`insert into nps_responses (tenant_id, external_id, customer_id, score, answered_at) values (${t}, 'n1', 'c1', 9, '2025-06-01')`],
    ['a tier override', (t) => harness.sql`insert into tier_overrides (tenant_id, customer_id, tier_id, ends_on) values (${t}, 'c1', 'gold', '2025-12-31')`],
    ['a new model run', (t) => harness.sql`insert into model_runs (tenant_id, observation_end) values (${t}, ${AS_OF})`],
    ['a product added to the catalogue', (t) => harness.sql`insert into products (tenant_id, external_id, name, price) values (${t}, 'SKU-1', 'Widget', 1000)`],
  ];
  for (const [label, change] of changes) {
    test(`${label} makes the stored answer stale`, async () => {
      await me(ada);
      assert.equal(await storedIsCurrent(acme.tenantId, 'c1'), true);
      await change(acme.tenantId);
      assert.equal(await storedIsCurrent(acme.tenantId, 'c1'), false);
      await me(ada);
      assert.equal(await storedIsCurrent(acme.tenantId, 'c1'), true);
    });
  }

  test('a statement of more rows than a batch holds raises the tenant version once, not one per customer', async () => {
    await me(ada);
    const [before] = await harness.sql<{ n: number }[]>`select count(*)::int as n from customer_view_versions where tenant_id = ${acme.tenantId}`;
    await harness.sql`insert into customers (tenant_id, external_id, name) select ${acme.tenantId}, 'bulk-' || i, 'Bulk' from generate_series(1, 5001) i`;
    const [afterwards] = await harness.sql<{ n: number }[]>`select count(*)::int as n from customer_view_versions where tenant_id = ${acme.tenantId}`;
    assert.equal(afterwards?.n, before?.n);
    assert.equal(await storedIsCurrent(acme.tenantId, 'c1'), false);
  });

  test("re-evaluating everyone's loyalty raises the tenant version once, and no customer's", async () => {
    await me(ada);
    const versionRows = async () =>
      (await harness.sql<{ n: number }[]>`select count(*)::int as n from customer_view_versions where tenant_id = ${acme.tenantId}`)[0]?.n;
    const before = await versionRows();
    await withTenant(harness.appSql, acme.tenantId, (tx) => evaluateLoyalty(tx, acme.tenantId, now));
    assert.equal(await versionRows(), before);
    assert.equal(await storedIsCurrent(acme.tenantId, 'c1'), false);
    // Outside that transaction, a customer's change raises the customer's version again.
    await harness.sql`update orders set amount = amount + 1 where tenant_id = ${acme.tenantId} and external_id = 'o1'`;
    const [ada1] = await harness.sql<{ version: string }[]>`select version from customer_view_versions where tenant_id = ${acme.tenantId} and customer_id = 'c1'`;
    await harness.sql`update orders set amount = amount - 1 where tenant_id = ${acme.tenantId} and external_id = 'o1'`;
    const [ada2] = await harness.sql<{ version: string }[]>`select version from customer_view_versions where tenant_id = ${acme.tenantId} and customer_id = 'c1'`;
    assert.equal(Number(ada2?.version), Number(ada1?.version) + 1);
  });

  test('the answer is computed again at the next local midnight and at the next day of tenure', async () => {
    try {
      const first = await me(ada);
      assert.equal(first.asOf, AS_OF.toISOString());
      // The first order was at 10:00Z: at 09:59 the tenure has the same days, at 10:00 one more.
      now = new Date('2025-07-15T09:59:00Z');
      assert.equal(await storedIsCurrent(acme.tenantId, 'c1'), true);
      assert.equal((await me(ada)).asOf, AS_OF.toISOString());
      now = new Date('2025-07-15T10:00:00Z');
      assert.equal(await storedIsCurrent(acme.tenantId, 'c1'), false);
      const later = await me(ada);
      assert.equal(later.asOf, now.toISOString());
      assert.equal(later.figures.tenure.days, first.figures.tenure.days + 1);
      now = new Date('2025-07-15T23:59:59Z');
      assert.equal(await storedIsCurrent(acme.tenantId, 'c1'), true);
      now = new Date('2025-07-16T00:00:00Z');
      assert.equal(await storedIsCurrent(acme.tenantId, 'c1'), false);
    } finally {
      now = AS_OF;
    }
  });

  test('an order dated later today counts from its own time on', async () => {
    try {
      await post(harness.app, '/v1/orders', acme.apiKey, { items: [{ externalId: 'o-later', customerId: 'c2', occurredAt: '2025-07-15T15:00:00Z', amount: 700 }] });
      const before = await me(babbage);
      now = new Date('2025-07-15T15:00:00Z');
      assert.equal(await storedIsCurrent(acme.tenantId, 'c2'), false);
      assert.equal((await me(babbage)).figures.realisedValue.amount, before.figures.realisedValue.amount + 700);
    } finally {
      now = AS_OF;
    }
  });

  test("a rep's visit never gets the customer's stored answer, and a tenant never another tenant's", async () => {
    await me(ada);
    await markStoredAnswers(acme.tenantId, 'c1', 'Ada Lovelace', 'Stored Ada');
    const rep = await post(harness.app, '/v1/embed-tokens', acme.apiKey, { customerId: 'c1', role: 'rep', repId: 'rep-ann' });
    const repView = await me((rep.json() as { token: string }).token);
    assert.equal(repView.customer.name, 'Ada Lovelace');
    assert.equal(await storedIsCurrent(acme.tenantId, 'c1', 'vendor'), true);
    // Globex's c1 is another customer: Acme's stored answer is not Globex's.
    assert.equal(await storedIsCurrent(globex.tenantId, 'c1'), false);
    const globexView = await me(await mintToken(harness.app, globex.apiKey, 'c1'));
    assert.equal(globexView.customer.name, 'Globex Customer');
  });

  test('the server role reads no stored answer or version outside its tenant', async () => {
    const counts = await harness.appSql<{ views: number; versions: number }[]>`
      select (select count(*)::int from customer_views) as views, (select count(*)::int from customer_view_versions) as versions`;
    assert.deepEqual(counts[0], { views: 0, versions: 0 });
    const [own] = await harness.appSql<{ body: Buffer | null }[]>`
      select stored_view_gzip as body from openbook_embed_key_and_view(${acme.tenantId}, ${acme.embedKeyId}, 'c1', 'vendor', ${now})`;
    assert.ok(own?.body && gunzipSync(own.body).toString('utf8').includes('Ada Lovelace'));
  });

  test('a scoring run deletes the answers it made stale, and a later cleanup those past their window', async () => {
    // A tenant big enough for the order models to fit (a run refuses fewer than 30 customers with orders).
    const initech = await newTenant(harness.sql, 'Initech');
    const data = generateDemoData({ customers: 60, seed: 5, asOf: now, historyYears: 2 });
    for (const [url, items] of [['/v1/customers', data.customers], ['/v1/orders', data.orders]] as const) {
      const response = await post(harness.app, url, initech.apiKey, { items });
      assert.equal(response.statusCode, 200, response.body);
    }
    const buyers = [...new Set(data.orders.map((order) => order.customerId))].slice(0, 2);
    for (const customerId of buyers) await me(await mintToken(harness.app, initech.apiKey, customerId));
    const stored = async () =>
      (await harness.sql<{ id: string }[]>`select customer_id as id from customer_views where tenant_id = ${initech.tenantId} order by 1`).map((row) => row.id);
    assert.deepEqual(await stored(), [...buyers].sort());
    const othersBefore = await harness.sql`select tenant_id, customer_id, audience from customer_views where tenant_id <> ${initech.tenantId} order by 1, 2, 3`;

    await scoreTenant(harness.appSql, initech.tenantId, { asOf: now });
    assert.deepEqual(await stored(), [], 'the run raised the tenant version: none of them could be served again');
    const othersAfter = await harness.sql`select tenant_id, customer_id, audience from customer_views where tenant_id <> ${initech.tenantId} order by 1, 2, 3`;
    assert.deepEqual(othersAfter, othersBefore, "other tenants' answers are not touched");

    const [first] = buyers;
    await me(await mintToken(harness.app, initech.apiKey, first ?? ''));
    assert.deepEqual(await stored(), [first]);
    const [window] = await harness.sql<{ validUntil: Date }[]>`select valid_until as "validUntil" from customer_views where tenant_id = ${initech.tenantId}`;
    const validUntil = window?.validUntil ?? new Date(Number.NaN);
    const cleanup = (asOf: Date) => withTenant(harness.appSql, initech.tenantId, (tx) => deleteDeadViews(tx, initech.tenantId, asOf));
    assert.equal(await cleanup(new Date(validUntil.getTime() - 1)), 0, 'current: kept');
    assert.deepEqual(await stored(), [first]);
    assert.equal(await cleanup(validUntil), 1, 'past its window: deleted');
    assert.deepEqual(await stored(), []);
  });

  test('the stored answer is read with the key but handed out only to a token that verifies and is not revoked', async () => {
    await me(ada);
    assert.equal(await storedIsCurrent(acme.tenantId, 'c1'), true);
    const forged = signEmbedToken({ tenantId: acme.tenantId, keyId: acme.embedKeyId, secret: 'not-the-secret-'.repeat(3), customerId: 'c1', role: 'customer' }).token;
    const refused = await get(harness.app, '/v1/me', forged);
    assert.equal(refused.statusCode, 401);
    assert.ok(!refused.body.includes('Ada Lovelace'));
    const revoked = await post(harness.app, '/v1/customers/c1/revoke-tokens', acme.apiKey, {});
    assert.equal(revoked.statusCode, 200, revoked.body);
    const old = await get(harness.app, '/v1/me', ada);
    assert.equal(old.statusCode, 401);
    assert.ok(!old.body.includes('Ada Lovelace'));
    ada = await mintToken(harness.app, acme.apiKey, 'c1');
  });

});
