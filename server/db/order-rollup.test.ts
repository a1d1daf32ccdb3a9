/**
 * The order rollups of migrations 0010 and 0018 (order_monthly_rollup, customer_order_totals,
 * tenant_order_monthly) against the orders themselves: whatever writes orders (the POST /v1/orders upsert, a plain INSERT, UPDATE or DELETE), the
 * rollups must equal an aggregation of the orders from scratch. GET /v1/metrics reads only the rollups.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Sql, TransactionSql } from 'postgres';
import { openTestApp } from '../test-support/test-app.ts';
import { newTenant, post } from '../test-support/fixtures.ts';
import { mulberry32, pick, randomInt } from '../../shared/random.ts';
import { DEMO_TENANT_ID, seedDemo } from '../../demo/seed.ts';
import type { CreatedTenant } from './tenant-repository.ts';

interface MonthRow {
  customerId: string;
  month: string;
  paidOrders: number;
  paidAmount: number;
  refundedOrders: number;
  refundedAmount: number;
}

interface TotalsRow {
  customerId: string;
  paidOrders: number;
  paidAmount: number;
  firstPaidAt: string;
  firstPaidMonth: string;
}

interface TenantMonthRow {
  month: string;
  paidOrders: number;
  paidAmount: number;
  refundedOrders: number;
  refundedAmount: number;
  buyers: number;
  valued: number;
}

interface Rollups {
  months: MonthRow[];
  totals: TotalsRow[];
  tenantMonths: TenantMonthRow[];
}

/**
 * Reads as the tables' owner inside a transaction of the tenant, so that row-level security (when the
 * owner is held to it) shows the tenant's rows.
 */
async function asTenant<T>(sql: Sql, tenantId: string, work: (tx: TransactionSql) => Promise<T>): Promise<T> {
  const result = await sql.begin(async (tx) => {
    await tx`select set_config('openbook.tenant_id', ${tenantId}, true)`;
    return [await work(tx)] as const;
  });
  return result[0];
}

/** What the rollups hold for a tenant (plain arrays, so that they compare with plain arrays). */
function storedRollups(sql: Sql, tenantId: string): Promise<Rollups> {
  return asTenant(sql, tenantId, async (tx) => ({
    months: [...await tx<MonthRow[]>`
      select customer_id as "customerId", to_char(month, 'YYYY-MM-DD') as month,
             paid_orders as "paidOrders", paid_amount::float8 as "paidAmount",
             refunded_orders as "refundedOrders", refunded_amount::float8 as "refundedAmount"
      from order_monthly_rollup where tenant_id = ${tenantId}
      order by customer_id, month`],
    totals: [...await tx<TotalsRow[]>`
      select customer_id as "customerId", paid_orders as "paidOrders", paid_amount::float8 as "paidAmount",
             to_char(first_paid_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS') as "firstPaidAt",
             to_char(first_paid_month, 'YYYY-MM-DD') as "firstPaidMonth"
      from customer_order_totals where tenant_id = ${tenantId}
      order by customer_id`],
    tenantMonths: [...await tx<TenantMonthRow[]>`
      select to_char(month, 'YYYY-MM-DD') as month, paid_orders::float8 as "paidOrders", paid_amount::float8 as "paidAmount",
             refunded_orders::float8 as "refundedOrders", refunded_amount::float8 as "refundedAmount", buyers, valued
      from tenant_order_monthly where tenant_id = ${tenantId}
      order by month`],
  }));
}

/** The same aggregates computed from the tenant's orders now. */
function rollupsFromOrders(sql: Sql, tenantId: string): Promise<Rollups> {
  return asTenant(sql, tenantId, async (tx) => ({
    months: [...await tx<MonthRow[]>`
      select o.customer_id as "customerId", to_char(date_trunc('month', o.occurred_at at time zone t.time_zone), 'YYYY-MM-DD') as month,
             (count(*) filter (where o.status = 'paid'))::int as "paidOrders",
             coalesce(sum(o.amount) filter (where o.status = 'paid'), 0)::float8 as "paidAmount",
             (count(*) filter (where o.status = 'refunded'))::int as "refundedOrders",
             coalesce(sum(o.amount) filter (where o.status = 'refunded'), 0)::float8 as "refundedAmount"
      from orders o join tenants t on t.id = o.tenant_id
      where o.tenant_id = ${tenantId}
      group by 1, 2 order by 1, 2`],
    totals: [...await tx<TotalsRow[]>`
      select o.customer_id as "customerId", count(*)::int as "paidOrders", sum(o.amount)::float8 as "paidAmount",
             to_char(min(o.occurred_at) at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS') as "firstPaidAt",
             to_char(date_trunc('month', min(o.occurred_at) at time zone min(t.time_zone)), 'YYYY-MM-DD') as "firstPaidMonth"
      from orders o join tenants t on t.id = o.tenant_id
      where o.tenant_id = ${tenantId} and o.status = 'paid'
      group by 1 order by 1`],
    // Buyers: customers with a paid order in the month; valued: those whose paid orders add up to more than 0.
    tenantMonths: [...await tx<TenantMonthRow[]>`
      select to_char(month, 'YYYY-MM-DD') as month, sum(paid_orders)::float8 as "paidOrders", sum(paid_amount)::float8 as "paidAmount",
             sum(refunded_orders)::float8 as "refundedOrders", sum(refunded_amount)::float8 as "refundedAmount",
             (count(*) filter (where paid_orders > 0))::int as buyers, (count(*) filter (where paid_amount > 0))::int as valued
      from (
        select o.customer_id, date_trunc('month', o.occurred_at at time zone t.time_zone) as month,
               count(*) filter (where o.status = 'paid') as paid_orders, coalesce(sum(o.amount) filter (where o.status = 'paid'), 0) as paid_amount,
               count(*) filter (where o.status = 'refunded') as refunded_orders, coalesce(sum(o.amount) filter (where o.status = 'refunded'), 0) as refunded_amount
        from orders o join tenants t on t.id = o.tenant_id
        where o.tenant_id = ${tenantId}
        group by 1, 2
      ) customer_months
      group by month order by month`],
  }));
}

describe('order rollups', () => {
  let harness: Awaited<ReturnType<typeof openTestApp>>;

  before(async () => {
    harness = await openTestApp();
  });
  after(() => harness.close());

  async function tenantWithCustomers(name: string, customerIds: string[]): Promise<CreatedTenant> {
    const tenant = await newTenant(harness.sql, name);
    const response = await post(harness.app, '/v1/customers', tenant.apiKey, { items: customerIds.map((externalId) => ({ externalId })) });
    assert.equal(response.statusCode, 200, response.body);
    return tenant;
  }

  async function sendOrders(tenant: CreatedTenant, items: unknown[]) {
    const response = await post(harness.app, '/v1/orders', tenant.apiKey, { items });
    assert.equal(response.statusCode, 200, response.body);
    return response.json() as { inserted: number; updated: number; unchanged: number };
  }

  async function assertRollupsMatchOrders(tenant: CreatedTenant) {
    assert.deepEqual(await storedRollups(harness.sql, tenant.tenantId), await rollupsFromOrders(harness.sql, tenant.tenantId));
  }

  test('an order moved to another month and customer leaves its old row and joins the new one', async () => {
    const tenant = await tenantWithCustomers('Movers', ['c1', 'c2']);
    await sendOrders(tenant, [
      { externalId: 'o1', customerId: 'c1', occurredAt: '2025-01-10T00:00:00Z', amount: 1000 },
      { externalId: 'o2', customerId: 'c2', occurredAt: '2025-03-05T00:00:00Z', amount: 300 },
    ]);
    assert.deepEqual(await sendOrders(tenant, [{ externalId: 'o1', customerId: 'c2', occurredAt: '2025-03-20T00:00:00Z', amount: 1200 }]), { inserted: 0, updated: 1, unchanged: 0 });
    const { months, totals } = await storedRollups(harness.sql, tenant.tenantId);
    // c1 has no order left: no month row and no totals row.
    assert.deepEqual(months, [{ customerId: 'c2', month: '2025-03-01', paidOrders: 2, paidAmount: 1500, refundedOrders: 0, refundedAmount: 0 }]);
    assert.deepEqual(totals, [{ customerId: 'c2', paidOrders: 2, paidAmount: 1500, firstPaidAt: '2025-03-05T00:00:00', firstPaidMonth: '2025-03-01' }]);
    await assertRollupsMatchOrders(tenant);
  });

  test("a refund moves an order from paid to refunded, and the customer's first paid order is found again", async () => {
    const tenant = await tenantWithCustomers('Refunds', ['c1']);
    const first = { externalId: 'o1', customerId: 'c1', occurredAt: '2025-01-10T00:00:00Z', amount: 1000, updatedAt: '2025-01-10T00:00:00Z' };
    await sendOrders(tenant, [first, { externalId: 'o2', customerId: 'c1', occurredAt: '2025-02-10T00:00:00Z', amount: 200 }]);
    await sendOrders(tenant, [{ ...first, status: 'refunded', updatedAt: '2025-01-20T00:00:00Z' }]);
    const { months, totals } = await storedRollups(harness.sql, tenant.tenantId);
    assert.deepEqual(months, [
      { customerId: 'c1', month: '2025-01-01', paidOrders: 0, paidAmount: 0, refundedOrders: 1, refundedAmount: 1000 },
      { customerId: 'c1', month: '2025-02-01', paidOrders: 1, paidAmount: 200, refundedOrders: 0, refundedAmount: 0 },
    ]);
    assert.deepEqual(totals, [{ customerId: 'c1', paidOrders: 1, paidAmount: 200, firstPaidAt: '2025-02-10T00:00:00', firstPaidMonth: '2025-02-01' }]);
    // The older version arriving late changes nothing, in orders or in the rollups.
    assert.deepEqual(await sendOrders(tenant, [first]), { inserted: 0, updated: 0, unchanged: 1 });
    assert.deepEqual((await storedRollups(harness.sql, tenant.tenantId)).months[0]?.refundedOrders, 1);
    await assertRollupsMatchOrders(tenant);
  });

  test('a re-sent batch is counted once', async () => {
    const tenant = await tenantWithCustomers('Retries', ['c1', 'c2']);
    const batch = [
      { externalId: 'o1', customerId: 'c1', occurredAt: '2025-01-10T00:00:00Z', amount: 1000 },
      { externalId: 'o2', customerId: 'c1', occurredAt: '2025-01-11T00:00:00Z', amount: 500, status: 'refunded' },
      { externalId: 'o3', customerId: 'c2', occurredAt: '2025-02-01T00:00:00Z', amount: 700 },
    ];
    await sendOrders(tenant, batch);
    const once = await storedRollups(harness.sql, tenant.tenantId);
    assert.deepEqual(await sendOrders(tenant, batch), { inserted: 0, updated: 0, unchanged: 3 });
    assert.deepEqual(await sendOrders(tenant, [...batch].reverse()), { inserted: 0, updated: 0, unchanged: 3 });
    assert.deepEqual(await storedRollups(harness.sql, tenant.tenantId), once);
    assert.deepEqual(once.months.map((row) => [row.customerId, row.month, row.paidOrders, row.refundedOrders]), [['c1', '2025-01-01', 1, 1], ['c2', '2025-02-01', 1, 0]]);
    await assertRollupsMatchOrders(tenant);
  });

  test("a correction of an order's cost leaves the tenant's month row as it was", async () => {
    const tenant = await tenantWithCustomers('Corrections', ['c1']);
    const order = { externalId: 'o1', customerId: 'c1', occurredAt: '2025-03-10T00:00:00Z', amount: 1000 };
    await sendOrders(tenant, [order]);
    // The row's version (xmin) changes with every write to it, even one that adds zero.
    const version = async () =>
      (await asTenant(harness.sql, tenant.tenantId, (tx) => tx<Array<{ version: string }>>`select xmin::text as version from tenant_order_monthly where tenant_id = ${tenant.tenantId}`)).map((row) => row.version);
    const before = await version();
    assert.deepEqual(await sendOrders(tenant, [{ ...order, cost: 400 }]), { inserted: 0, updated: 1, unchanged: 0 });
    assert.deepEqual(await version(), before);
    await sendOrders(tenant, [{ ...order, amount: 1200 }]);
    assert.notDeepEqual(await version(), before);
    await assertRollupsMatchOrders(tenant);
  });

  test('plain SQL writers keep the rollups too: INSERT, UPDATE and DELETE statements', async () => {
    const tenant = await tenantWithCustomers('Writers', ['c1', 'c2', 'c3']);
    await asTenant(harness.sql, tenant.tenantId, async (tx) => {
      await tx`
        insert into orders (tenant_id, external_id, customer_id, occurred_at, amount, status)
        values (${tenant.tenantId}, 'o1', 'c1', '2024-12-31T23:00:00Z', 100, 'paid'),
               (${tenant.tenantId}, 'o2', 'c1', '2025-01-15T00:00:00Z', 200, 'paid'),
               (${tenant.tenantId}, 'o3', 'c2', '2025-01-20T00:00:00Z', 300, 'refunded'),
               (${tenant.tenantId}, 'o4', 'c3', '2025-02-01T00:00:00Z', 400, 'paid')`;
      // Several orders of one customer at once, one of them its first.
      await tx`update orders set amount = amount * 2, occurred_at = occurred_at + interval '40 days' where tenant_id = ${tenant.tenantId} and customer_id = 'c1'`;
      await tx`update orders set status = 'paid' where tenant_id = ${tenant.tenantId} and external_id = 'o3'`;
      await tx`delete from orders where tenant_id = ${tenant.tenantId} and external_id = 'o4'`;
    });
    const { totals } = await storedRollups(harness.sql, tenant.tenantId);
    assert.deepEqual(totals.map((row) => [row.customerId, row.paidOrders, row.paidAmount, row.firstPaidAt]), [
      ['c1', 2, 600, '2025-02-09T23:00:00'],
      ['c2', 1, 300, '2025-01-20T00:00:00'],
    ]);
    await assertRollupsMatchOrders(tenant);
  });

  test("a change of the tenant's time zone moves orders near a month's edge into the neighbouring month", async () => {
    const tenant = await tenantWithCustomers('Travellers', ['c1']);
    // 2025-01-31T23:30Z is January in UTC, February in Paris.
    await sendOrders(tenant, [{ externalId: 'o1', customerId: 'c1', occurredAt: '2025-01-31T23:30:00Z', amount: 100 }]);
    assert.deepEqual((await storedRollups(harness.sql, tenant.tenantId)).months.map((row) => row.month), ['2025-01-01']);
    await asTenant(harness.sql, tenant.tenantId, (tx) => tx`update tenants set time_zone = 'Europe/Paris' where id = ${tenant.tenantId}`);
    const { months, totals } = await storedRollups(harness.sql, tenant.tenantId);
    assert.deepEqual([months.map((row) => row.month), totals.map((row) => row.firstPaidMonth)], [['2025-02-01'], ['2025-02-01']]);
    await assertRollupsMatchOrders(tenant);
  });

  test("the demo seed, run again, replaces the demo's rollups with those of its new orders", async () => {
    // A refresh deletes every table of the tenant in one transaction, rollups and orders in no set order.
    await seedDemo(harness.sql, { customers: 40, seed: 7 });
    await seedDemo(harness.sql, { customers: 30, seed: 8 });
    const demo = { tenantId: DEMO_TENANT_ID } as CreatedTenant;
    const { months } = await storedRollups(harness.sql, DEMO_TENANT_ID);
    assert.ok(months.length > 0);
    assert.ok(months.every((row) => row.paidOrders >= 0 && row.refundedOrders >= 0 && row.paidOrders + row.refundedOrders > 0));
    await assertRollupsMatchOrders(demo);
  });

  test("a tenant's rollup rows deleted before its orders, in one transaction, leave nothing behind", async () => {
    const tenant = await tenantWithCustomers('Reset', ['c1', 'c2']);
    await sendOrders(tenant, [
      { externalId: 'o1', customerId: 'c1', occurredAt: '2025-01-10T00:00:00Z', amount: 1000 },
      { externalId: 'o2', customerId: 'c2', occurredAt: '2025-02-10T00:00:00Z', amount: 500, status: 'refunded' },
    ]);
    await asTenant(harness.sql, tenant.tenantId, async (tx) => {
      await tx`delete from order_monthly_rollup where tenant_id = ${tenant.tenantId}`;
      await tx`delete from customer_order_totals where tenant_id = ${tenant.tenantId}`;
      await tx`delete from orders where tenant_id = ${tenant.tenantId}`;
    });
    assert.deepEqual(await storedRollups(harness.sql, tenant.tenantId), { months: [], totals: [], tenantMonths: [] });
  });

  test("a tenant's monthly totals deleted before its orders, in one transaction, leave nothing behind", async () => {
    const tenant = await tenantWithCustomers('Reset first', ['c1', 'c2']);
    await sendOrders(tenant, [
      { externalId: 'o1', customerId: 'c1', occurredAt: '2025-01-10T00:00:00Z', amount: 1000 },
      { externalId: 'o2', customerId: 'c2', occurredAt: '2025-01-12T00:00:00Z', amount: 500 },
    ]);
    await asTenant(harness.sql, tenant.tenantId, async (tx) => {
      await tx`delete from tenant_order_monthly where tenant_id = ${tenant.tenantId}`;
      await tx`delete from orders where tenant_id = ${tenant.tenantId}`;
    });
    assert.deepEqual(await storedRollups(harness.sql, tenant.tenantId), { months: [], totals: [], tenantMonths: [] });
  });

  test('after a random stream of upserts, updates and deletes the rollups equal an aggregation of the orders from scratch', async () => {
    const random = mulberry32(20_250_801);
    const customerIds = Array.from({ length: 12 }, (_, i) => `c${i}`);
    const tenant = await tenantWithCustomers('Random', customerIds);
    // A bystander tenant whose rollups the stream must never touch.
    const bystander = await tenantWithCustomers('Bystander', ['c0']);
    await sendOrders(bystander, [{ externalId: 'o0', customerId: 'c0', occurredAt: '2025-01-01T00:00:00Z', amount: 5 }]);
    const bystanderBefore = await storedRollups(harness.sql, bystander.tenantId);

    const orderIds = Array.from({ length: 40 }, (_, i) => `o${i}`);
    const start = Date.parse('2024-01-01T00:00:00Z');
    const randomOrder = (externalId: string) => ({
      externalId,
      customerId: pick(random, customerIds),
      // Hours, so that orders fall on and around months' edges.
      occurredAt: new Date(start + randomInt(random, 0, 24 * 500) * 3_600_000).toISOString(),
      amount: randomInt(random, 0, 5) * 100,
      status: random() < 0.25 ? 'refunded' : 'paid',
      updatedAt: new Date(start + randomInt(random, 0, 1000) * 3_600_000).toISOString(),
    });
    for (let step = 0; step < 40; step += 1) {
      const roll = random();
      if (roll < 0.1) {
        const doomed = orderIds.filter(() => random() < 0.2);
        await asTenant(harness.sql, tenant.tenantId, (tx) => tx`delete from orders where tenant_id = ${tenant.tenantId} and external_id = any(${doomed})`);
      } else if (roll < 0.2) {
        // A bulk correction touching orders of several customers and months in one statement.
        await asTenant(harness.sql, tenant.tenantId, (tx) => tx`
          update orders set occurred_at = occurred_at - interval '20 days', status = case when amount > 200 then 'refunded' else 'paid' end
          where tenant_id = ${tenant.tenantId} and customer_id = ${pick(random, customerIds)}`);
      } else {
        // A batch of distinct ids: new orders, newer and older versions of stored ones, and exact repeats.
        const ids = orderIds.filter(() => random() < 0.3);
        if (ids.length === 0) continue;
        await sendOrders(tenant, ids.map(randomOrder));
        if (random() < 0.3) await sendOrders(tenant, ids.map(randomOrder).slice(0, 3));
      }
      if (step % 10 === 9) await assertRollupsMatchOrders(tenant);
    }
    await assertRollupsMatchOrders(tenant);
    assert.ok((await storedRollups(harness.sql, tenant.tenantId)).months.length > 0);
    assert.deepEqual(await storedRollups(harness.sql, bystander.tenantId), bystanderBefore);
  });
});

describe('order rollups under batches sent at once', () => {
  // Its own app, whose log is read: a retried transaction conflict is logged (request-transaction.ts).
  const logged: string[] = [];
  let harness: Awaited<ReturnType<typeof openTestApp>>;

  before(async () => {
    const stream = { write: (line: string) => void logged.push(line) };
    harness = await openTestApp({ logger: { level: 'warn', stream } });
  });
  after(() => harness.close());

  test('batches in flight together, over the same customers and months in opposite orders, all land at the first attempt, and the rollups equal the orders', async () => {
    // As a bulk loader with batches in flight sends them (README). On PostgreSQL each batch runs on its own
    // connection, and they lock the same rollup and version rows; listed in opposite orders, those locks would
    // deadlock (and be retried) unless the triggers take them in one order.
    const customerIds = Array.from({ length: 20 }, (_, i) => `c${String(i).padStart(2, '0')}`);
    const tenant = await newTenant(harness.sql, 'At once');
    const customers = await post(harness.app, '/v1/customers', tenant.apiKey, { items: customerIds.map((externalId) => ({ externalId })) });
    assert.equal(customers.statusCode, 200, customers.body);
    const batch = (name: string, ids: string[]) =>
      ids.flatMap((customerId, i) =>
        Array.from({ length: 12 }, (_, month) => ({
          externalId: `${name}-${customerId}-${month}`,
          customerId,
          occurredAt: `2025-${String(month + 1).padStart(2, '0')}-1${i % 10}T12:00:00Z`,
          amount: 100 + i + month,
          status: month % 5 === 4 ? 'refunded' : 'paid',
        })),
      );
    // Rounds of four at once: each round's statements overlap in the database for a moment only.
    for (let round = 0; round < 10; round += 1) {
      const answers = await Promise.all(
        [0, 1, 2, 3].map((k) => post(harness.app, '/v1/orders', tenant.apiKey, { items: batch(`r${round}b${k}`, k % 2 === 0 ? customerIds : [...customerIds].reverse()) })),
      );
      assert.deepEqual(answers.map((answer) => answer.statusCode), [200, 200, 200, 200], answers.map((answer) => answer.body).join(' '));
      assert.deepEqual(answers.map((answer) => answer.json().inserted), [240, 240, 240, 240]);
    }
    assert.deepEqual(logged.filter((line) => line.includes('transaction conflict')), [], 'no batch met a deadlock');
    assert.deepEqual(await storedRollups(harness.sql, tenant.tenantId), await rollupsFromOrders(harness.sql, tenant.tenantId));
  });
});
