import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { openTestApp } from '../test-support/test-app.ts';
import { newTenant, post } from '../test-support/fixtures.ts';
import type { CreatedTenant } from '../db/tenant-repository.ts';

describe('ingestion of subscriptions, NPS answers and acquisition spend', () => {
  let harness: Awaited<ReturnType<typeof openTestApp>>;
  let acme: CreatedTenant;
  let globex: CreatedTenant;
  const count = async (table: 'subscriptions' | 'nps_responses' | 'acquisition_spend', tenant = acme) =>
    (await harness.sql`select count(*)::int as n from ${harness.sql(table)} where tenant_id = ${tenant.tenantId}`)[0]?.n as number;

  before(async () => {
    harness = await openTestApp();
    acme = await newTenant(harness.sql, 'Acme');
    globex = await newTenant(harness.sql, 'Globex');
    await post(harness.app, '/v1/customers', acme.apiKey, { items: [{ externalId: 'c1' }, { externalId: 'c2' }] });
    await post(harness.app, '/v1/customers', globex.apiKey, { items: [{ externalId: 'g1' }] });
  });
  after(() => harness.close());

  test('a subscription is upserted; a cancellation re-sends it with endedAt; a plan change ends it and adds a new record', async () => {
    const started = { externalId: 's1', customerId: 'c1', plan: 'starter', mrr: 4900, startedAt: '2025-01-01T00:00:00Z' };
    assert.deepEqual((await post(harness.app, '/v1/subscriptions', acme.apiKey, { items: [started] })).json(), { inserted: 1, updated: 0, unchanged: 0 });
    assert.deepEqual((await post(harness.app, '/v1/subscriptions', acme.apiKey, { items: [{ ...started, endedAt: null }] })).json(), { inserted: 0, updated: 0, unchanged: 1 });
    const upgrade = {
      items: [
        { ...started, endedAt: '2025-03-01T00:00:00Z' },
        { externalId: 's2', customerId: 'c1', plan: 'growth', mrr: 9900, startedAt: '2025-03-01T00:00:00Z' },
      ],
    };
    assert.deepEqual((await post(harness.app, '/v1/subscriptions', acme.apiKey, upgrade)).json(), { inserted: 1, updated: 1, unchanged: 0 });
    const rows = await harness.sql`
      select external_id, plan, mrr::int as mrr, ended_at from subscriptions where tenant_id = ${acme.tenantId} order by external_id`;
    assert.deepEqual(rows.map((row) => [row.external_id, row.plan, row.mrr, row.ended_at?.toISOString() ?? null]), [
      ['s1', 'starter', 4900, '2025-03-01T00:00:00.000Z'],
      ['s2', 'growth', 9900, null],
    ]);
  });

  test('a subscription that ends before it starts is refused, naming the index and field, and nothing is written', async () => {
    const before = await count('subscriptions');
    const response = await post(harness.app, '/v1/subscriptions', acme.apiKey, {
      items: [
        { externalId: 's3', customerId: 'c2', plan: 'starter', mrr: 100, startedAt: '2025-01-01T00:00:00Z' },
        { externalId: 's4', customerId: 'c2', plan: 'starter', mrr: 100, startedAt: '2025-02-01T00:00:00Z', endedAt: '2025-02-01T00:00:00Z' },
      ],
    });
    assert.equal(response.statusCode, 400);
    const { error } = response.json();
    assert.equal(error.code, 'invalid_request');
    assert.equal(error.details[0].index, 1);
    assert.equal(error.details[0].field, 'endedAt');
    assert.equal(await count('subscriptions'), before);
  });

  test('unknown customers (another tenant\'s included), duplicate ids, negative MRR and unknown fields are refused whole', async () => {
    const before = await count('subscriptions');
    const response = await post(harness.app, '/v1/subscriptions', acme.apiKey, {
      items: [
        { externalId: 's5', customerId: 'c2', plan: 'starter', mrr: 100, startedAt: '2025-01-01T00:00:00Z' },
        { externalId: 's6', customerId: 'g1', plan: 'starter', mrr: 100, startedAt: '2025-01-01T00:00:00Z' },
        { externalId: 's5', customerId: 'c2', plan: 'starter', mrr: 100, startedAt: '2025-01-01T00:00:00Z' },
      ],
    });
    assert.equal(response.statusCode, 400);
    const details = response.json().error.details as Array<{ index: number; field: string }>;
    assert.deepEqual(details.map((d) => [d.index, d.field]), [[1, 'customerId'], [2, 'externalId']]);
    assert.equal(await count('subscriptions'), before);

    const negative = await post(harness.app, '/v1/subscriptions', acme.apiKey, { items: [{ externalId: 's7', customerId: 'c2', plan: 'p', mrr: -1, startedAt: '2025-01-01T00:00:00Z' }] });
    assert.equal(negative.statusCode, 400);
    assert.equal(negative.json().error.details[0].field, 'mrr');
    const unknown = await post(harness.app, '/v1/subscriptions', acme.apiKey, { items: [{ externalId: 's7', customerId: 'c2', plan: 'p', mrr: 1, startedAt: '2025-01-01T00:00:00Z', currency: 'USD' }] });
    assert.equal(unknown.statusCode, 400);
    assert.equal(unknown.json().error.details[0].field, 'currency');
    assert.equal(await count('subscriptions', globex), 0);
  });

  test('NPS answers are upserted by externalId; a score outside 0-10 or an unknown customer is refused', async () => {
    const answer = { externalId: 'n1', customerId: 'c1', score: 9, answeredAt: '2025-02-01T10:00:00Z', comment: 'great' };
    assert.deepEqual((await post(harness.app, '/v1/nps', acme.apiKey, { items: [answer] })).json(), { inserted: 1, updated: 0, unchanged: 0 });
    assert.deepEqual((await post(harness.app, '/v1/nps', acme.apiKey, { items: [answer] })).json(), { inserted: 0, updated: 0, unchanged: 1 });
    assert.deepEqual((await post(harness.app, '/v1/nps', acme.apiKey, { items: [{ ...answer, score: 6 }] })).json(), { inserted: 0, updated: 1, unchanged: 0 });

    const outOfRange = await post(harness.app, '/v1/nps', acme.apiKey, { items: [{ ...answer, externalId: 'n2' }, { ...answer, externalId: 'n3', score: 11 }] });
    assert.equal(outOfRange.statusCode, 400);
    assert.equal(outOfRange.json().error.details[0].index, 1);
    assert.equal(outOfRange.json().error.details[0].field, 'score');
    const ghost = await post(harness.app, '/v1/nps', acme.apiKey, { items: [{ ...answer, externalId: 'n4', customerId: 'ghost' }] });
    assert.equal(ghost.statusCode, 400);
    assert.equal(ghost.json().error.details[0].field, 'customerId');
    assert.equal(await count('nps_responses'), 1);
  });

  test('acquisition spend is upserted by externalId; an end before the start or a non-date is refused', async () => {
    const spend = { externalId: 'a1', channel: 'paid-search', periodStart: '2025-01-01', periodEnd: '2025-01-31', amount: 310000 };
    assert.deepEqual((await post(harness.app, '/v1/acquisition-spend', acme.apiKey, { items: [spend] })).json(), { inserted: 1, updated: 0, unchanged: 0 });
    assert.deepEqual((await post(harness.app, '/v1/acquisition-spend', acme.apiKey, { items: [spend, { ...spend, externalId: 'a2', amount: 0 }] })).json(), { inserted: 1, updated: 0, unchanged: 1 });
    assert.deepEqual((await post(harness.app, '/v1/acquisition-spend', acme.apiKey, { items: [{ ...spend, amount: 320000 }] })).json(), { inserted: 0, updated: 1, unchanged: 0 });

    const backwards = await post(harness.app, '/v1/acquisition-spend', acme.apiKey, { items: [{ ...spend, externalId: 'a3', periodStart: '2025-02-01', periodEnd: '2025-01-31' }] });
    assert.equal(backwards.statusCode, 400);
    assert.equal(backwards.json().error.details[0].field, 'periodEnd');
    const notADate = await post(harness.app, '/v1/acquisition-spend', acme.apiKey, { items: [{ ...spend, externalId: 'a4', periodStart: '2025-02-30' }] });
    assert.equal(notADate.statusCode, 400);
    assert.equal(notADate.json().error.details[0].field, 'periodStart');
    const duplicate = await post(harness.app, '/v1/acquisition-spend', acme.apiKey, { items: [{ ...spend, externalId: 'a5' }, { ...spend, externalId: 'a5' }] });
    assert.equal(duplicate.statusCode, 400);
    assert.equal(duplicate.json().error.details[0].index, 1);
    assert.equal(await count('acquisition_spend'), 2);
    assert.equal(await count('acquisition_spend', globex), 0);
  });

  test('the routes take an API key only', async () => {
    for (const url of ['/v1/subscriptions', '/v1/nps', '/v1/acquisition-spend']) {
      const response = await harness.app.inject({ method: 'POST', url, payload: { items: [] } });
      assert.equal(response.statusCode, 401, url);
    }
  });
});
