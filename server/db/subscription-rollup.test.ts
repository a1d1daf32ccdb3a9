/**
 * The subscription rollups of migration 0014 (subscription_mrr_monthly, customer_subscription_totals)
 * against the subscription records themselves: whatever writes subscriptions (the POST /v1/subscriptions
 * upsert, a plain INSERT, UPDATE or DELETE, as the owner or as the server's role), the rollups must equal
 * what the records give when computed from scratch. GET /v1/metrics reads only the rollups.
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
  mrrAtStart: number;
  mrrAtEnd: number;
}

interface FirstRow {
  customerId: string;
  firstPaidAt: string;
  firstPaidMonth: string;
}

interface Rollups {
  months: MonthRow[];
  firsts: FirstRow[];
}

/** Runs `work` in a transaction of the tenant, so that row-level security shows the tenant's rows. */
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
             mrr_at_start::float8 as "mrrAtStart", mrr_at_end::float8 as "mrrAtEnd"
      from subscription_mrr_monthly where tenant_id = ${tenantId}
      order by customer_id, month`],
    firsts: [...await tx<FirstRow[]>`
      select customer_id as "customerId",
             to_char(first_paid_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS') as "firstPaidAt",
             to_char(first_paid_month, 'YYYY-MM-DD') as "firstPaidMonth"
      from customer_subscription_totals where tenant_id = ${tenantId}
      order by customer_id`],
  }));
}

/**
 * The same figures from the records, by the metrics' own definition rather than the trigger's sums of
 * changes: a customer's MRR at an instant is the sum of their records with MRR > 0 that began before it and
 * had not ended before it; a customer has a row for each month (of the tenant's time zone) in which one of
 * those records began or ended, with their MRR at the month's first instant and at the next month's.
 */
function rollupsFromSubscriptions(sql: Sql, tenantId: string): Promise<Rollups> {
  return asTenant(sql, tenantId, async (tx) => ({
    months: [...await tx<MonthRow[]>`
      with paid as (
        select s.* from subscriptions s where s.tenant_id = ${tenantId} and s.mrr > 0
      ), moved as (
        select distinct p.customer_id, date_trunc('month', e.at at time zone t.time_zone)::date as month, t.time_zone
        from paid p join tenants t on t.id = p.tenant_id
        cross join lateral (values (p.started_at), (p.ended_at)) as e (at)
        where e.at is not null
      ), bounds as (
        select customer_id, month, (month::timestamp at time zone time_zone) as start_at,
               ((month + interval '1 month')::timestamp at time zone time_zone) as end_at
        from moved
      )
      select b.customer_id as "customerId", to_char(b.month, 'YYYY-MM-DD') as month,
             (select coalesce(sum(p.mrr), 0) from paid p where p.customer_id = b.customer_id
                and p.started_at < b.start_at and (p.ended_at is null or p.ended_at >= b.start_at))::float8 as "mrrAtStart",
             (select coalesce(sum(p.mrr), 0) from paid p where p.customer_id = b.customer_id
                and p.started_at < b.end_at and (p.ended_at is null or p.ended_at >= b.end_at))::float8 as "mrrAtEnd"
      from bounds b
      order by 1, 2`],
    firsts: [...await tx<FirstRow[]>`
      select s.customer_id as "customerId",
             to_char(min(s.started_at) at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS') as "firstPaidAt",
             to_char(date_trunc('month', min(s.started_at) at time zone min(t.time_zone)), 'YYYY-MM-DD') as "firstPaidMonth"
      from subscriptions s join tenants t on t.id = s.tenant_id
      where s.tenant_id = ${tenantId} and s.mrr > 0
      group by 1 order by 1`],
  }));
}

describe('subscription rollups', () => {
  let harness: Awaited<ReturnType<typeof openTestApp>>;

  before(async () => {
    harness = await openTestApp({}, { poolSize: 2 });
  });
  after(() => harness.close());

  async function tenantWithCustomers(name: string, customerIds: string[]): Promise<CreatedTenant> {
    const tenant = await newTenant(harness.sql, name);
    const response = await post(harness.app, '/v1/customers', tenant.apiKey, { items: customerIds.map((externalId) => ({ externalId })) });
    assert.equal(response.statusCode, 200, response.body);
    return tenant;
  }

  async function sendSubscriptions(tenant: CreatedTenant, items: unknown[]) {
    const response = await post(harness.app, '/v1/subscriptions', tenant.apiKey, { items });
    assert.equal(response.statusCode, 200, response.body);
    return response.json() as { inserted: number; updated: number; unchanged: number };
  }

  async function assertRollupsMatchSubscriptions(tenant: CreatedTenant) {
    assert.deepEqual(await storedRollups(harness.sql, tenant.tenantId), await rollupsFromSubscriptions(harness.sql, tenant.tenantId));
  }

  test("a customer's MRR at the start and end of each month in which a record began or ended", async () => {
    const tenant = await tenantWithCustomers('Levels', ['c1', 'c2', 'c3']);
    await sendSubscriptions(tenant, [
      // c1: 1000 from January 10, upgraded to 1500 on March 1 exactly (the first month's boundary).
      { externalId: 's1', customerId: 'c1', plan: 'a', mrr: 1000, startedAt: '2025-01-10T00:00:00Z', endedAt: '2025-03-01T00:00:00Z' },
      { externalId: 's2', customerId: 'c1', plan: 'b', mrr: 1500, startedAt: '2025-03-01T00:00:00Z' },
      // c2: leaves and comes back within February on a cheaper plan.
      { externalId: 's3', customerId: 'c2', plan: 'a', mrr: 800, startedAt: '2024-12-05T00:00:00Z', endedAt: '2025-02-10T00:00:00Z' },
      { externalId: 's4', customerId: 'c2', plan: 'a', mrr: 600, startedAt: '2025-02-20T00:00:00Z' },
      // c3: a free plan only: no row.
      { externalId: 's5', customerId: 'c3', plan: 'free', mrr: 0, startedAt: '2025-01-01T00:00:00Z' },
    ]);
    const { months, firsts } = await storedRollups(harness.sql, tenant.tenantId);
    assert.deepEqual(months, [
      { customerId: 'c1', month: '2025-01-01', mrrAtStart: 0, mrrAtEnd: 1000 },
      // s1 ends at March 1 and still counts at that instant, s2 begins at it and counts after it.
      { customerId: 'c1', month: '2025-03-01', mrrAtStart: 1000, mrrAtEnd: 1500 },
      { customerId: 'c2', month: '2024-12-01', mrrAtStart: 0, mrrAtEnd: 800 },
      { customerId: 'c2', month: '2025-02-01', mrrAtStart: 800, mrrAtEnd: 600 },
    ]);
    assert.deepEqual(firsts, [
      { customerId: 'c1', firstPaidAt: '2025-01-10T00:00:00', firstPaidMonth: '2025-01-01' },
      { customerId: 'c2', firstPaidAt: '2024-12-05T00:00:00', firstPaidMonth: '2024-12-01' },
    ]);
    await assertRollupsMatchSubscriptions(tenant);
  });

  test('a record moved to another customer and month, re-priced, ended, set to 0 and back: the rollups follow', async () => {
    const tenant = await tenantWithCustomers('Movers', ['c1', 'c2']);
    const record = { externalId: 's1', customerId: 'c1', plan: 'a', mrr: 1000, startedAt: '2025-01-10T00:00:00Z' };
    await sendSubscriptions(tenant, [record, { externalId: 's2', customerId: 'c2', plan: 'a', mrr: 300, startedAt: '2025-03-05T00:00:00Z' }]);
    // To c2, in February, at 1200: c1 has nothing left, c2's first paid record is now s1.
    assert.deepEqual(await sendSubscriptions(tenant, [{ ...record, customerId: 'c2', mrr: 1200, startedAt: '2025-02-20T00:00:00Z' }]), { inserted: 0, updated: 1, unchanged: 0 });
    let { months, firsts } = await storedRollups(harness.sql, tenant.tenantId);
    assert.deepEqual(months, [
      { customerId: 'c2', month: '2025-02-01', mrrAtStart: 0, mrrAtEnd: 1200 },
      { customerId: 'c2', month: '2025-03-01', mrrAtStart: 1200, mrrAtEnd: 1500 },
    ]);
    assert.deepEqual(firsts, [{ customerId: 'c2', firstPaidAt: '2025-02-20T00:00:00', firstPaidMonth: '2025-02-01' }]);
    await assertRollupsMatchSubscriptions(tenant);
    // Cancelled in April.
    await sendSubscriptions(tenant, [{ ...record, customerId: 'c2', mrr: 1200, startedAt: '2025-02-20T00:00:00Z', endedAt: '2025-04-15T00:00:00Z' }]);
    await assertRollupsMatchSubscriptions(tenant);
    assert.deepEqual((await storedRollups(harness.sql, tenant.tenantId)).months.at(-1), { customerId: 'c2', month: '2025-04-01', mrrAtStart: 1500, mrrAtEnd: 300 });
    // Made free: no longer a paying record, so c2's first paid record is s2 again.
    await sendSubscriptions(tenant, [{ ...record, customerId: 'c2', mrr: 0, startedAt: '2025-02-20T00:00:00Z', endedAt: '2025-04-15T00:00:00Z' }]);
    ({ months, firsts } = await storedRollups(harness.sql, tenant.tenantId));
    assert.deepEqual(months, [{ customerId: 'c2', month: '2025-03-01', mrrAtStart: 0, mrrAtEnd: 300 }]);
    assert.deepEqual(firsts, [{ customerId: 'c2', firstPaidAt: '2025-03-05T00:00:00', firstPaidMonth: '2025-03-01' }]);
    await assertRollupsMatchSubscriptions(tenant);
    // A re-sent batch changes nothing.
    const once = await storedRollups(harness.sql, tenant.tenantId);
    assert.deepEqual(await sendSubscriptions(tenant, [{ ...record, customerId: 'c2', mrr: 0, startedAt: '2025-02-20T00:00:00Z', endedAt: '2025-04-15T00:00:00Z' }]), { inserted: 0, updated: 0, unchanged: 1 });
    assert.deepEqual(await storedRollups(harness.sql, tenant.tenantId), once);
  });

  test('plain SQL writers keep the rollups too, as the owner and as the server role under row-level security', async () => {
    const tenant = await tenantWithCustomers('Writers', ['c1', 'c2', 'c3']);
    for (const sql of [harness.sql, harness.appSql]) {
      await asTenant(sql, tenant.tenantId, async (tx) => {
        await tx`delete from subscriptions where tenant_id = ${tenant.tenantId}`;
        await tx`
          insert into subscriptions (tenant_id, external_id, customer_id, plan, mrr, started_at, ended_at)
          values (${tenant.tenantId}, 's1', 'c1', 'a', 100, '2024-12-31T23:00:00Z', null),
                 (${tenant.tenantId}, 's2', 'c1', 'a', 200, '2025-01-15T00:00:00Z', '2025-05-01T00:00:00Z'),
                 (${tenant.tenantId}, 's3', 'c2', 'a', 300, '2025-01-20T00:00:00Z', null),
                 (${tenant.tenantId}, 's4', 'c3', 'a', 400, '2025-02-01T00:00:00Z', null)`;
        // Several records of one customer at once, one of them its first.
        await tx`update subscriptions set mrr = mrr * 2, started_at = started_at + interval '40 days' where tenant_id = ${tenant.tenantId} and customer_id = 'c1'`;
        await tx`update subscriptions set customer_id = 'c3', ended_at = '2025-03-03T00:00:00Z' where tenant_id = ${tenant.tenantId} and external_id = 's3'`;
        await tx`delete from subscriptions where tenant_id = ${tenant.tenantId} and external_id = 's4'`;
      });
      const { firsts } = await storedRollups(harness.sql, tenant.tenantId);
      assert.deepEqual(firsts.map((row) => [row.customerId, row.firstPaidAt]), [['c1', '2025-02-09T23:00:00'], ['c3', '2025-01-20T00:00:00']]);
      await assertRollupsMatchSubscriptions(tenant);
    }
  });

  test("a change of the tenant's time zone moves records near a month's edge into the neighbouring month", async () => {
    const tenant = await tenantWithCustomers('Travellers', ['c1']);
    // 2025-01-31T23:30Z is January in UTC, February in Paris.
    await sendSubscriptions(tenant, [{ externalId: 's1', customerId: 'c1', plan: 'a', mrr: 100, startedAt: '2025-01-31T23:30:00Z' }]);
    assert.deepEqual((await storedRollups(harness.sql, tenant.tenantId)).months.map((row) => row.month), ['2025-01-01']);
    await asTenant(harness.sql, tenant.tenantId, (tx) => tx`update tenants set time_zone = 'Europe/Paris' where id = ${tenant.tenantId}`);
    const { months, firsts } = await storedRollups(harness.sql, tenant.tenantId);
    assert.deepEqual([months.map((row) => row.month), firsts.map((row) => row.firstPaidMonth)], [['2025-02-01'], ['2025-02-01']]);
    await assertRollupsMatchSubscriptions(tenant);
  });

  test('two transactions writing records of the same customer at once both count', async () => {
    const tenant = await tenantWithCustomers('Concurrent', ['c1']);
    const insert = (sql: Sql, externalId: string, startedAt: string, hold: number) =>
      asTenant(sql, tenant.tenantId, async (tx) => {
        await tx`
          insert into subscriptions (tenant_id, external_id, customer_id, plan, mrr, started_at)
          values (${tenant.tenantId}, ${externalId}, 'c1', 'a', 100, ${startedAt})`;
        // Holds its rows (on PostgreSQL the other transaction's trigger waits for them meanwhile).
        await new Promise((resolve) => setTimeout(resolve, hold));
      });
    await Promise.all([insert(harness.appSql, 's1', '2025-01-10T00:00:00Z', 300), insert(harness.appSql, 's2', '2025-03-10T00:00:00Z', 0)]);
    assert.deepEqual((await storedRollups(harness.sql, tenant.tenantId)).months.map((row) => [row.month, row.mrrAtStart, row.mrrAtEnd]), [
      ['2025-01-01', 0, 100],
      ['2025-03-01', 100, 200],
    ]);
    await assertRollupsMatchSubscriptions(tenant);
  });

  test("the demo seed, run again, replaces the demo's rollups with those of its new records", async () => {
    await seedDemo(harness.sql, { customers: 40, seed: 7 });
    await seedDemo(harness.sql, { customers: 30, seed: 8 });
    const demo = { tenantId: DEMO_TENANT_ID } as CreatedTenant;
    assert.ok((await storedRollups(harness.sql, DEMO_TENANT_ID)).months.length > 0);
    await assertRollupsMatchSubscriptions(demo);
  });

  test('after a random stream of upserts, updates and deletes the rollups equal the records computed from scratch', async () => {
    const random = mulberry32(20_251_124);
    const customerIds = Array.from({ length: 10 }, (_, i) => `c${i}`);
    const tenant = await tenantWithCustomers('Random', customerIds);
    // A bystander tenant whose rollups the stream must never touch.
    const bystander = await tenantWithCustomers('Bystander', ['c0']);
    await sendSubscriptions(bystander, [{ externalId: 's0', customerId: 'c0', plan: 'a', mrr: 5, startedAt: '2025-01-01T00:00:00Z' }]);
    const bystanderBefore = await storedRollups(harness.sql, bystander.tenantId);

    const recordIds = Array.from({ length: 30 }, (_, i) => `s${i}`);
    const start = Date.parse('2024-01-01T00:00:00Z');
    // Hours, so that records begin and end on and around months' edges; some at the same instant.
    const instant = () => start + randomInt(random, 0, 24 * 40) * 12 * 3_600_000;
    const randomRecord = (externalId: string) => {
      const startedAt = instant();
      const endedAt = random() < 0.5 ? null : startedAt + randomInt(random, 1, 24 * 20) * 12 * 3_600_000;
      return {
        externalId,
        customerId: pick(random, customerIds),
        plan: 'p',
        mrr: random() < 0.15 ? 0 : randomInt(random, 1, 5) * 100,
        startedAt: new Date(startedAt).toISOString(),
        endedAt: endedAt === null ? null : new Date(endedAt).toISOString(),
      };
    };
    for (let step = 0; step < 40; step += 1) {
      const roll = random();
      if (roll < 0.1) {
        const doomed = recordIds.filter(() => random() < 0.2);
        await asTenant(harness.appSql, tenant.tenantId, (tx) => tx`delete from subscriptions where tenant_id = ${tenant.tenantId} and external_id = any(${doomed})`);
      } else if (roll < 0.2) {
        // A bulk correction touching records of several customers and months in one statement.
        await asTenant(harness.appSql, tenant.tenantId, (tx) => tx`
          update subscriptions set started_at = started_at - interval '20 days', mrr = case when mrr > 200 then 0 else mrr + 50 end,
                 customer_id = ${pick(random, customerIds)}
          where tenant_id = ${tenant.tenantId} and customer_id = ${pick(random, customerIds)}`);
      } else {
        const ids = recordIds.filter(() => random() < 0.3);
        if (ids.length === 0) continue;
        await sendSubscriptions(tenant, ids.map(randomRecord));
      }
      if (step % 10 === 9) await assertRollupsMatchSubscriptions(tenant);
    }
    await assertRollupsMatchSubscriptions(tenant);
    assert.ok((await storedRollups(harness.sql, tenant.tenantId)).months.length > 0);
    assert.deepEqual(await storedRollups(harness.sql, bystander.tenantId), bystanderBefore);
  });
});
