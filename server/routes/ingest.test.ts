import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { openTestApp, openTestDatabase } from '../test-support/test-app.ts';
import { newTenant, post } from '../test-support/fixtures.ts';
import { buildApp } from '../app.ts';
import type { CreatedTenant } from '../db/tenant-repository.ts';

describe('batch ingestion', () => {
  let harness: Awaited<ReturnType<typeof openTestApp>>;
  let acme: CreatedTenant;
  const count = async (table: 'customers' | 'orders') =>
    (await harness.sql`select count(*)::int as n from ${harness.sql(table)} where tenant_id = ${acme.tenantId}`)[0]?.n as number;

  before(async () => {
    harness = await openTestApp();
    acme = await newTenant(harness.sql);
  });
  after(() => harness.close());

  test('inserts, then re-sending the same batch changes nothing, then a changed record is updated', async () => {
    const batch = { items: [{ externalId: 'a', name: 'A' }, { externalId: 'b', name: 'B', plan: 'growth' }] };
    assert.deepEqual((await post(harness.app, '/v1/customers', acme.apiKey, batch)).json(), { inserted: 2, updated: 0, unchanged: 0 });
    assert.deepEqual((await post(harness.app, '/v1/customers', acme.apiKey, batch)).json(), { inserted: 0, updated: 0, unchanged: 2 });
    const changed = { items: [{ externalId: 'a', name: 'A' }, { externalId: 'b', name: 'B', plan: 'enterprise' }, { externalId: 'c' }] };
    assert.deepEqual((await post(harness.app, '/v1/customers', acme.apiKey, changed)).json(), { inserted: 1, updated: 1, unchanged: 1 });
    assert.equal(await count('customers'), 3);

    const orders = { items: [{ externalId: 'o1', customerId: 'a', occurredAt: '2025-01-01T00:00:00+01:00', amount: 1234 }] };
    assert.deepEqual((await post(harness.app, '/v1/orders', acme.apiKey, orders)).json(), { inserted: 1, updated: 0, unchanged: 0 });
    assert.deepEqual((await post(harness.app, '/v1/orders', acme.apiKey, orders)).json(), { inserted: 0, updated: 0, unchanged: 1 });
    const refunded = { items: [{ ...orders.items[0], status: 'refunded' }] };
    assert.deepEqual((await post(harness.app, '/v1/orders', acme.apiKey, refunded)).json(), { inserted: 0, updated: 1, unchanged: 0 });
    assert.equal(await count('orders'), 1);
  });

  test('an invalid item answers 400 naming its index and field, and nothing of the batch is written', async () => {
    const before = await count('customers');
    const response = await post(harness.app, '/v1/customers', acme.apiKey, {
      items: [{ externalId: 'fine-1' }, { externalId: 'fine-2' }, { externalId: 'bad', email: 'not an email' }],
    });
    assert.equal(response.statusCode, 400);
    const { error } = response.json();
    assert.equal(error.code, 'invalid_request');
    assert.match(error.message, /items\[2\]\.email/);
    assert.equal(error.details[0].index, 2);
    assert.equal(error.details[0].field, 'email');
    assert.equal(await count('customers'), before);
  });

  test('unknown fields are refused, nested ones too', async () => {
    const topLevel = await post(harness.app, '/v1/customers', acme.apiKey, { items: [{ externalId: 'x', tenantId: 'someone-else' }] });
    assert.equal(topLevel.statusCode, 400);
    assert.equal(topLevel.json().error.details[0].field, 'tenantId');
    const nested = await post(harness.app, '/v1/orders', acme.apiKey, {
      items: [{ externalId: 'o9', customerId: 'a', occurredAt: '2025-01-01T00:00:00Z', amount: 1, items: [{ sku: 's', quantity: 1, amount: 1, points: 5 }] }],
    });
    assert.equal(nested.statusCode, 400);
    assert.equal(nested.json().error.details[0].path, 'items[0].items[0].points');
    const batchLevel = await post(harness.app, '/v1/customers', acme.apiKey, { items: [{ externalId: 'y' }], tenantId: 'x' });
    assert.equal(batchLevel.statusCode, 400);
  });

  test('orders for unknown customers, duplicate ids and a foreign currency are refused whole', async () => {
    const before = await count('orders');
    const response = await post(harness.app, '/v1/orders', acme.apiKey, {
      items: [
        { externalId: 'n1', customerId: 'a', occurredAt: '2025-02-01T00:00:00Z', amount: 100 },
        { externalId: 'n2', customerId: 'ghost', occurredAt: '2025-02-01T00:00:00Z', amount: 100 },
        { externalId: 'n1', customerId: 'a', occurredAt: '2025-02-02T00:00:00Z', amount: 100 },
        { externalId: 'n3', customerId: 'a', occurredAt: '2025-02-02T00:00:00Z', amount: 100, currency: 'EUR' },
      ],
    });
    assert.equal(response.statusCode, 400);
    const details = response.json().error.details as Array<{ index: number; field: string }>;
    assert.deepEqual(details.map((d) => [d.index, d.field]), [[1, 'customerId'], [2, 'externalId'], [3, 'currency']]);
    assert.equal(await count('orders'), before);
  });

  test('a batch over 5,000 items is refused', async () => {
    const items = Array.from({ length: 5001 }, (_, i) => ({ externalId: `bulk-${i}` }));
    const response = await post(harness.app, '/v1/customers', acme.apiKey, { items });
    assert.equal(response.statusCode, 400);
    assert.match(response.json().error.message, /items/);
  });

  test('a 5,000-item batch is accepted in one request', async () => {
    const items = Array.from({ length: 5000 }, (_, i) => ({ externalId: `bulk-${i}`, name: `Bulk ${i}` }));
    const response = await post(harness.app, '/v1/customers', acme.apiKey, { items });
    assert.equal(response.statusCode, 200, response.body);
    assert.equal(response.json().inserted, 5000);
  });

  test('malformed JSON and prototype-pollution keys get a 400, not a stack trace', async () => {
    const malformed = await harness.app.inject({ method: 'POST', url: '/v1/customers', headers: { authorization: `Bearer ${acme.apiKey}`, 'content-type': 'application/json' }, payload: '{"items": [' });
    assert.equal(malformed.statusCode, 400);
    assert.doesNotMatch(malformed.body, /at .*\.js/);
    const polluted = await harness.app.inject({ method: 'POST', url: '/v1/customers', headers: { authorization: `Bearer ${acme.apiKey}`, 'content-type': 'application/json' }, payload: '{"items": [{"externalId": "p", "__proto__": {"admin": true}}]}' });
    assert.equal(polluted.statusCode, 400);
  });

  test('vendor routes refuse a missing or wrong API key', async () => {
    const none = await harness.app.inject({ method: 'POST', url: '/v1/customers', payload: { items: [{ externalId: 'z' }] } });
    assert.equal(none.statusCode, 401);
    const forged = await post(harness.app, '/v1/customers', acme.apiKey.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A')), { items: [{ externalId: 'z' }] });
    assert.equal(forged.statusCode, 401);
    assert.deepEqual(Object.keys(forged.json().error).sort(), ['code', 'message']);
  });

  test("after a batch of orders, its customers' loyalty standing is refreshed once the tenant's batches pause", async () => {
    await post(harness.app, '/v1/customers', acme.apiKey, { items: [{ externalId: 'loyal-1' }, { externalId: 'loyal-2' }] });
    const standings = () => harness.sql<{ customer: string; value: number }[]>`
      select customer_id as customer, qualifying_value as value from customer_loyalty
      where tenant_id = ${acme.tenantId} and customer_id like 'loyal-%' order by 1`;
    // Within the default program's qualifying window, which ends today.
    const occurredAt = new Date(Date.now() - 7 * 86_400_000).toISOString();
    const order = (externalId: string, customerId: string, amount: number) => ({ externalId, customerId, occurredAt, amount });
    assert.equal((await post(harness.app, '/v1/orders', acme.apiKey, { items: [order('lo-1', 'loyal-1', 1000)] })).statusCode, 200);
    assert.equal((await post(harness.app, '/v1/orders', acme.apiKey, { items: [order('lo-2', 'loyal-2', 2000), order('lo-3', 'loyal-1', 500)] })).statusCode, 200);
    // Not settled() (which refreshes at once): the refresh that the pause after the batches starts.
    await harness.app.rescoring.idle();
    assert.deepEqual([...(await standings())], [{ customer: 'loyal-1', value: 1500 }, { customer: 'loyal-2', value: 2000 }]);
  });
});

describe('closing the app during the pause after a batch', () => {
  test('refreshes the loyalty standing of the customers still waiting before the database may close', async () => {
    const database = await openTestDatabase();
    try {
      const app = await buildApp({ sql: database.appSql });
      const acme = await newTenant(database.sql);
      await post(app, '/v1/customers', acme.apiKey, { items: [{ externalId: 'c1' }] });
      const occurredAt = new Date(Date.now() - 7 * 86_400_000).toISOString();
      const response = await post(app, '/v1/orders', acme.apiKey, { items: [{ externalId: 'o1', customerId: 'c1', occurredAt, amount: 700 }] });
      assert.equal(response.statusCode, 200, response.body);
      await app.close();
      const rows = await database.sql`select customer_id, qualifying_value from customer_loyalty where tenant_id = ${acme.tenantId}`;
      assert.deepEqual(rows.map((row) => [row.customer_id, row.qualifying_value]), [['c1', 700]]);
    } finally {
      await database.close();
    }
  });
});
