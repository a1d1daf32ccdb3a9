import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { openTestApp } from '../test-support/test-app.ts';
import { newTenant, post } from '../test-support/fixtures.ts';
import { generateDemoData } from '../../demo/generate.ts';
import { calendarDayNumber } from '../../shared/clv/rfm.ts';
import { withTenant } from './tenant-scope.ts';
import { purchaseDaysOf, readSomeOrderHistories } from './order-history-repository.ts';
import { evaluateLoyalty } from '../scoring/loyalty.ts';
import type { CreatedTenant } from './tenant-repository.ts';

const AS_OF = new Date('2026-06-30T00:00:00Z');
const TIME_ZONE = 'America/New_York';
const day = (iso: string) => calendarDayNumber(new Date(`${iso}T12:00:00Z`), 'UTC');

describe('order histories: one read of the orders for the models and the loyalty rules', () => {
  let harness: Awaited<ReturnType<typeof openTestApp>>;
  let acme: CreatedTenant;

  before(async () => {
    harness = await openTestApp({ clock: () => AS_OF });
    acme = await newTenant(harness.sql, 'Acme');
    await harness.sql`update tenants set time_zone = ${TIME_ZONE} where id = ${acme.tenantId}`;
    const data = generateDemoData({ customers: 600, seed: 11, asOf: AS_OF, historyYears: 3 });
    data.customers.push({ externalId: 'known' });
    data.orders.push(
      // Three orders of 1 March in New York; the last one is 2 March in UTC. By instant: a9, B1, c0; by
      // id in JavaScript's order, which the rules use within a day: B1, a9, c0 (the database's collation
      // may put a9 first).
      { externalId: 'a9', customerId: 'known', occurredAt: '2026-03-01T14:00:00Z', amount: 100, status: 'paid', items: [{ sku: 'A', amount: 100, quantity: 1 }] },
      { externalId: 'B1', customerId: 'known', occurredAt: '2026-03-01T20:00:00Z', amount: 200, status: 'paid', items: [{ sku: 'B', amount: 150, quantity: 1 }, { sku: 'A', amount: 50, quantity: 1 }] },
      { externalId: 'c0', customerId: 'known', occurredAt: '2026-03-02T03:00:00Z', amount: 50, status: 'paid', items: [] },
      { externalId: 'd0', customerId: 'known', occurredAt: '2026-04-10T12:00:00Z', amount: 300, status: 'paid', items: [{ sku: 'C', amount: 300, quantity: 1 }] },
      { externalId: 'r0', customerId: 'known', occurredAt: '2026-04-11T12:00:00Z', amount: 999, status: 'refunded', items: [{ sku: 'D', amount: 999, quantity: 1 }] },
      { externalId: 'f0', customerId: 'known', occurredAt: '2026-07-05T12:00:00Z', amount: 999, status: 'paid', items: [{ sku: 'E', amount: 999, quantity: 1 }] },
    );
    for (const [url, items] of [['/v1/customers', data.customers], ['/v1/orders', data.orders], ['/v1/nps', data.nps]] as const) {
      for (let start = 0; start < items.length; start += 5000) {
        const response = await post(harness.app, url, acme.apiKey, { items: items.slice(start, start + 5000) });
        assert.equal(response.statusCode, 200, response.body);
      }
    }
    await harness.app.rescoring.settled();
    // Redemptions and overrides for some customers, so that every source of the rules has rows.
    const some = data.customers.slice(0, 40).map((customer) => customer.externalId);
    await harness.sql`
      insert into points_redemptions (tenant_id, external_id, customer_id, points, occurred_at, note)
      select ${acme.tenantId}, 'red-' || c, c, 50, timestamptz '2026-05-01T12:00:00Z', null from unnest(${some}::text[]) c`;
    await harness.sql`
      insert into tier_overrides (tenant_id, customer_id, tier_id, ends_on, reason)
      select ${acme.tenantId}, c, 'gold', date '2026-12-31', 'test' from unnest(${some.slice(0, 10)}::text[]) c`;
  });
  after(() => harness.close());

  test('a history holds the kept orders up to the instant, by day of the tenant calendar then by id, with each SKU first day', async () => {
    const [history] = await withTenant(harness.appSql, acme.tenantId, (tx) =>
      readSomeOrderHistories(tx, acme.tenantId, { asOf: AS_OF, timeZone: TIME_ZONE, customers: { ids: ['known'] }, productDays: true, keepIds: true }),
    );
    assert.deepEqual(history, {
      customerId: 'known',
      ids: ['B1', 'a9', 'c0', 'd0'],
      days: [day('2026-03-01'), day('2026-03-01'), day('2026-03-01'), day('2026-04-10')],
      amounts: [200, 100, 50, 300],
      // A and B on 1 March, C on 10 April: the refunded and the future orders' SKUs do not count.
      productFirstDays: [day('2026-03-01'), day('2026-03-01'), day('2026-04-10')],
    });
    assert.deepEqual(purchaseDaysOf(history ?? { days: [], amounts: [] }), { days: [day('2026-03-01'), day('2026-04-10')], values: [350, 300] });
  });

  test('a scoring run stores the standings that reading every customer from the database gives', async () => {
    const response = await post(harness.app, '/v1/scores/refresh', acme.apiKey, {});
    assert.equal(response.statusCode, 200, response.body);
    const standings = () => harness.sql`
      select customer_id, program_version, as_of_date::text, tier_id, tier_source, tier_since::text, qualifying_value, next_tier_id,
             amount_to_next_tier, tier_kept_through::text, stage, points_balance
      from customer_loyalty where tenant_id = ${acme.tenantId} order by customer_id`;
    // The run evaluated everyone from the histories it read for the models; this evaluates them again
    // from the database, slice by slice, with the orders' ids.
    const fromRun = await standings();
    await withTenant(harness.appSql, acme.tenantId, (tx) => evaluateLoyalty(tx, acme.tenantId, AS_OF));
    const fromDatabase = await standings();
    assert.equal(fromRun.length, 601);
    assert.deepEqual(fromRun, fromDatabase);
    // Not a comparison of empty standings: tiers, points, stages and overrides all vary.
    assert.ok(new Set(fromRun.map((row) => row.tier_id)).size >= 3);
    assert.ok(new Set(fromRun.map((row) => row.stage)).size >= 3);
    assert.equal(fromRun.filter((row) => row.tier_source === 'override').length, 10);
    assert.ok(fromRun.filter((row) => Number(row.points_balance) > 0).length > 300);
  });
});
