import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { openTestApp } from '../test-support/test-app.ts';
import { newTenant, post } from '../test-support/fixtures.ts';
import type { CreatedTenant } from '../db/tenant-repository.ts';

describe('retries never double count', () => {
  let harness: Awaited<ReturnType<typeof openTestApp>>;
  let acme: CreatedTenant;
  let globex: CreatedTenant;
  const orderCount = async (tenant: CreatedTenant) =>
    (await harness.sql`select count(*)::int as n from orders where tenant_id = ${tenant.tenantId}`)[0]?.n as number;

  before(async () => {
    harness = await openTestApp();
    acme = await newTenant(harness.sql, 'Acme');
    globex = await newTenant(harness.sql, 'Globex');
    for (const tenant of [acme, globex]) await post(harness.app, '/v1/customers', tenant.apiKey, { items: [{ externalId: 'c1' }] });
  });
  after(() => harness.close());

  const order = (externalId: string, amount = 1000) => ({ items: [{ externalId, customerId: 'c1', occurredAt: '2026-01-01T00:00:00Z', amount }] });

  test('the same key and body replays the first answer; a different body with that key gets 422', async () => {
    const first = await post(harness.app, '/v1/orders', acme.apiKey, order('o1'), { 'idempotency-key': 'k-1' });
    assert.equal(first.statusCode, 200);
    assert.deepEqual(first.json(), { inserted: 1, updated: 0, unchanged: 0 });
    const replay = await post(harness.app, '/v1/orders', acme.apiKey, order('o1'), { 'idempotency-key': 'k-1' });
    assert.equal(replay.statusCode, 200);
    // The replay is the first answer (inserted: 1), not a second execution (which would say unchanged: 1).
    assert.deepEqual(replay.json(), { inserted: 1, updated: 0, unchanged: 0 });
    assert.equal(replay.headers['idempotent-replayed'], 'true');
    const reused = await post(harness.app, '/v1/orders', acme.apiKey, order('o2'), { 'idempotency-key': 'k-1' });
    assert.equal(reused.statusCode, 422);
    assert.equal(reused.json().error.code, 'idempotency_key_reused');
    assert.equal(await orderCount(acme), 1);
  });

  test('ten concurrent requests with one key execute once and all get the same answer', async () => {
    const responses = await Promise.all(
      Array.from({ length: 10 }, () => post(harness.app, '/v1/orders', acme.apiKey, order('o-concurrent', 500), { 'idempotency-key': 'k-concurrent' })),
    );
    for (const response of responses) {
      assert.equal(response.statusCode, 200, response.body);
      assert.deepEqual(response.json(), { inserted: 1, updated: 0, unchanged: 0 });
    }
    assert.equal(responses.filter((response) => response.headers['idempotent-replayed'] === 'true').length, 9);
  });

  test('keys are scoped by tenant: another tenant may use the same key for its own request', async () => {
    const response = await post(harness.app, '/v1/orders', globex.apiKey, order('g1'), { 'idempotency-key': 'k-1' });
    assert.equal(response.statusCode, 200);
    assert.deepEqual(response.json(), { inserted: 1, updated: 0, unchanged: 0 });
    assert.equal(await orderCount(globex), 1);
  });

  test('an invalid request is not remembered: the corrected retry with the same key runs', async () => {
    const invalid = await post(harness.app, '/v1/orders', acme.apiKey, { items: [{ externalId: 'bad', customerId: 'ghost', occurredAt: '2026-01-01T00:00:00Z', amount: 1 }] }, { 'idempotency-key': 'k-fix' });
    assert.equal(invalid.statusCode, 400);
    const again = await post(harness.app, '/v1/orders', acme.apiKey, { items: [{ externalId: 'bad', customerId: 'ghost', occurredAt: '2026-01-01T00:00:00Z', amount: 1 }] }, { 'idempotency-key': 'k-fix' });
    assert.equal(again.statusCode, 400, 'the same invalid body gets its 400 again');
    const fixed = await post(harness.app, '/v1/orders', acme.apiKey, order('fixed'), { 'idempotency-key': 'k-fix-2' });
    assert.equal(fixed.statusCode, 200);
  });

  test('a malformed key is refused', async () => {
    const response = await post(harness.app, '/v1/orders', acme.apiKey, order('x'), { 'idempotency-key': 'has spaces in it' });
    assert.equal(response.statusCode, 400);
  });

  test("re-sending a record keeps one row, and an older version (vendor's updatedAt) never overwrites a newer one", async () => {
    const version = (amount: number, updatedAt: string) => ({ items: [{ externalId: 'versioned', customerId: 'c1', occurredAt: '2026-02-01T00:00:00Z', amount, updatedAt }] });
    assert.deepEqual((await post(harness.app, '/v1/orders', acme.apiKey, version(2000, '2026-02-02T00:00:00Z'))).json(), { inserted: 1, updated: 0, unchanged: 0 });
    assert.deepEqual((await post(harness.app, '/v1/orders', acme.apiKey, version(1000, '2026-02-01T12:00:00Z'))).json(), { inserted: 0, updated: 0, unchanged: 1 });
    assert.deepEqual((await post(harness.app, '/v1/orders', acme.apiKey, version(3000, '2026-02-03T00:00:00Z'))).json(), { inserted: 0, updated: 1, unchanged: 0 });
    for (let i = 0; i < 3; i += 1) await post(harness.app, '/v1/orders', acme.apiKey, version(3000, '2026-02-03T00:00:00Z'));
    const rows = await harness.sql`select amount::int as amount from orders where tenant_id = ${acme.tenantId} and external_id = 'versioned'`;
    assert.deepEqual([...rows], [{ amount: 3000 }]);
  });
});
