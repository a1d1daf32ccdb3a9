import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { openTestApp } from '../test-support/test-app.ts';
import { get, mintToken, newTenant, post } from '../test-support/fixtures.ts';
import { buildApp } from '../app.ts';
import { createTenant, type CreatedTenant } from '../db/tenant-repository.ts';
import { generateDemoData } from '../../demo/generate.ts';
import type { CustomerValue } from '../../shared/schemas/customer-value.ts';
import type { ProgramInput, ProgramResponse } from '../../shared/schemas/program.ts';

// Every figure is computed at a fixed instant so that the dates below hold.
const AS_OF = new Date('2025-07-15T00:00:00Z');

type Harness = Awaited<ReturnType<typeof openTestApp>>;

const put = (harness: Harness, url: string, credential: string, payload: unknown) =>
  harness.app.inject({ method: 'PUT', url, headers: { authorization: `Bearer ${credential}` }, payload: payload as object });
const del = (harness: Harness, url: string, credential: string) =>
  harness.app.inject({ method: 'DELETE', url, headers: { authorization: `Bearer ${credential}` } });

async function seed(harness: Harness, tenant: CreatedTenant, customers: string[], orders: Array<{ id: string; customer: string; at: string; amount: number; status?: 'paid' | 'refunded' }>) {
  const pushed = await post(harness.app, '/v1/customers', tenant.apiKey, { items: customers.map((externalId) => ({ externalId })) });
  assert.equal(pushed.statusCode, 200, pushed.body);
  if (orders.length > 0) {
    const items = orders.map((o) => ({ externalId: o.id, customerId: o.customer, occurredAt: o.at, amount: o.amount, status: o.status ?? 'paid' }));
    const response = await post(harness.app, '/v1/orders', tenant.apiKey, { items });
    assert.equal(response.statusCode, 200, response.body);
  }
  await harness.app.rescoring.settled();
}

async function vendorView(harness: Harness, tenant: CreatedTenant, customerId: string): Promise<CustomerValue> {
  const response = await get(harness.app, `/v1/customers/${customerId}/value`, tenant.apiKey);
  assert.equal(response.statusCode, 200, response.body);
  return response.json() as CustomerValue;
}

const TIERS: ProgramInput['tiers'] = [
  { id: 'member', name: 'Member', atLeast: 0 },
  { id: 'silver', name: 'Silver', atLeast: 100_000, retention: { graceMonths: 3 } },
  { id: 'gold', name: 'Gold', atLeast: 500_000, retention: { keepAtLeast: 400_000, graceMonths: 3 } },
];

describe('the loyalty program through the API', () => {
  let harness: Harness;

  before(async () => {
    harness = await openTestApp({ clock: () => AS_OF });
  });
  after(() => harness.close());

  test('the default program is version 0; a PUT saves version 1 and answers it', async () => {
    const acme = await newTenant(harness.sql, 'Acme');
    const first = await get(harness.app, '/v1/program', acme.apiKey);
    assert.equal(first.statusCode, 200, first.body);
    const current = first.json() as ProgramResponse;
    assert.equal(current.version, 0);
    assert.equal(current.updatedAt, null);
    assert.deepEqual(current.program.tiers.map((tier) => tier.name), ['Member', 'Silver', 'Gold', 'Platinum']);
    const saved = await put(harness, '/v1/program', acme.apiKey, { ...current.program, name: 'Acme Club', basedOnVersion: 0 });
    assert.equal(saved.statusCode, 200, saved.body);
    assert.equal(saved.json().version, 1);
    assert.equal(((await get(harness.app, '/v1/program', acme.apiKey)).json() as ProgramResponse).program.name, 'Acme Club');
    const stale = await put(harness, '/v1/program', acme.apiKey, { ...current.program, basedOnVersion: 0 });
    assert.equal(stale.statusCode, 409);
    assert.match(stale.json().error.message, /version 1, not 0/);
  });

  test('a program with overlapping or unordered tier thresholds is refused with a message naming the tiers, and nothing is saved', async () => {
    const acme = await newTenant(harness.sql, 'Acme');
    const overlapping = await put(harness, '/v1/program', acme.apiKey, {
      tiers: [{ id: 'member', name: 'Member', atLeast: 0 }, { id: 'silver', name: 'Silver', atLeast: 1000 }, { id: 'gold', name: 'Gold', atLeast: 1000 }],
    });
    assert.equal(overlapping.statusCode, 400);
    assert.match(overlapping.json().error.message, /tiers\[2\]\.atLeast: tiers "Silver" and "Gold" overlap: both start at 1000/);
    const unordered = await put(harness, '/v1/program', acme.apiKey, {
      tiers: [{ id: 'member', name: 'Member', atLeast: 0 }, { id: 'gold', name: 'Gold', atLeast: 5000 }, { id: 'silver', name: 'Silver', atLeast: 1000 }],
    });
    assert.equal(unordered.statusCode, 400);
    assert.match(unordered.json().error.message, /"Silver" \(1000\) comes after "Gold" \(5000\) but needs less/);
    assert.equal(unordered.json().error.details[0].path, 'tiers[2].atLeast');
    assert.equal(((await get(harness.app, '/v1/program', acme.apiKey)).json() as ProgramResponse).version, 0);
  });

  test('program changes re-evaluate every customer', async () => {
    const acme = await newTenant(harness.sql, 'Acme');
    await seed(harness, acme, ['c1', 'c2', 'c3'], [
      { id: 'o1', customer: 'c1', at: '2025-03-01T10:00:00Z', amount: 150_000 },
      { id: 'o2', customer: 'c2', at: '2025-05-01T10:00:00Z', amount: 600_000 },
    ]);
    assert.equal((await vendorView(harness, acme, 'c1')).loyalty?.tier.current.id, 'silver', 'default program: Silver from 1,000');
    // Silver now needs 2,000: c1 is a Member under version 1.
    const saved = await put(harness, '/v1/program', acme.apiKey, { tiers: [TIERS[0], { ...TIERS[1], atLeast: 200_000 }, TIERS[2]] });
    assert.equal(saved.statusCode, 200, saved.body);
    assert.equal(saved.json().reevaluated, 3);
    const rows = await harness.sql<{ customerId: string; version: number; tier: string }[]>`
      select customer_id as "customerId", program_version as version, tier_id as tier from customer_loyalty
      where tenant_id = ${acme.tenantId} order by customer_id`;
    assert.deepEqual(rows.map((row) => [row.customerId, row.version, row.tier]), [['c1', 1, 'member'], ['c2', 1, 'gold'], ['c3', 1, 'member']]);
    const c1 = (await vendorView(harness, acme, 'c1')).loyalty;
    assert.equal(c1?.programVersion, 1);
    assert.equal(c1?.tier.next?.tier.id, 'silver');
    assert.equal(c1?.tier.next?.amountNeeded, 50_000);
  });

  test('refunds reduce qualifying spend', async () => {
    const acme = await newTenant(harness.sql, 'Acme');
    const orders = [
      { id: 'small', customer: 'c1', at: '2025-01-10T10:00:00Z', amount: 200_000 },
      { id: 'big', customer: 'c1', at: '2025-04-10T10:00:00Z', amount: 400_000 },
    ];
    await seed(harness, acme, ['c1'], orders);
    const before = (await vendorView(harness, acme, 'c1')).loyalty;
    assert.deepEqual([before?.tier.current.id, before?.tier.qualifying.value], ['gold', 600_000]);
    // The vendor re-sends the big order as refunded.
    await post(harness.app, '/v1/orders', acme.apiKey, { items: [{ externalId: 'big', customerId: 'c1', occurredAt: '2025-04-10T10:00:00Z', amount: 400_000, status: 'refunded' }] });
    await harness.app.rescoring.settled();
    const after = (await vendorView(harness, acme, 'c1')).loyalty;
    assert.deepEqual([after?.tier.current.id, after?.tier.qualifying.value], ['silver', 200_000]);
    assert.equal(after?.points.entries.some((entry) => entry.reason.ref === 'big'), false, 'no points for a refunded order');
    const ledger = await harness.sql<{ id: string }[]>`
      select entry_id as id from points_ledger where tenant_id = ${acme.tenantId} and customer_id = 'c1' order by entry_id`;
    assert.deepEqual(ledger.map((row) => row.id), ['milestone:first-order', 'order:small'], 'the stored ledger lost the refunded order too');
  });

  test('a tier set by the vendor is an override with an end date, not a silent floor', async () => {
    const acme = await newTenant(harness.sql, 'Acme');
    await seed(harness, acme, ['c1', 'c2'], [{ id: 'o1', customer: 'c1', at: '2025-06-01T10:00:00Z', amount: 150_000 }]);
    const url = '/v1/customers/c1/tier-override';
    const set = await post(harness.app, url, acme.apiKey, { tierId: 'gold', endsOn: '2025-08-31', reason: 'status match' });
    assert.equal(set.statusCode, 200, set.body);
    const answer = set.json();
    assert.equal(answer.tier.current.id, 'gold');
    assert.equal(answer.tier.source, 'override');
    assert.equal(answer.tier.qualifying.computedTier.id, 'silver');
    assert.deepEqual([answer.override.tierId, answer.override.endsOn, answer.override.reason], ['gold', '2025-08-31', 'status match']);
    assert.deepEqual([answer.tier.retention.keptThrough, answer.tier.retention.tierAfter.id], ['2025-08-31', 'silver']);
    const token = await mintToken(harness.app, acme.apiKey, 'c1');
    const seen = ((await get(harness.app, '/v1/me', token)).json() as CustomerValue).loyalty?.tier;
    assert.equal(seen?.current.id, 'gold');
    assert.equal(seen?.override?.endsOn, '2025-08-31');
    assert.equal(seen?.override && 'reason' in seen.override, false, 'the vendor\'s reason is not the customer\'s to read');
    assert.equal((await vendorView(harness, acme, 'c1')).loyalty?.tier.override?.reason, 'status match');

    // The same database a day after the end date: the stored state is from an earlier day, so the read
    // re-evaluates, and the customer's own data decides again.
    const later = await buildApp({ sql: harness.appSql, clock: () => new Date('2025-09-01T00:00:00Z') });
    try {
      const response = await later.inject({ method: 'GET', url: '/v1/me', headers: { authorization: `Bearer ${token}` } });
      const loyalty = (response.json() as CustomerValue).loyalty;
      assert.deepEqual([loyalty?.tier.current.id, loyalty?.tier.source, loyalty?.asOfDate], ['silver', 'qualified', '2025-09-01']);
    } finally {
      await later.close();
    }

    const refused = async (payload: unknown, pattern: RegExp, status = 400, target = url) => {
      const response = await post(harness.app, target, acme.apiKey, payload);
      assert.equal(response.statusCode, status, response.body);
      assert.match(response.json().error.message, pattern);
    };
    await refused({ tierId: 'diamond', endsOn: '2025-08-31' }, /no tier "diamond" in program version 0; tiers: "member", "silver", "gold", "platinum"/);
    await refused({ tierId: 'gold', endsOn: '2025-07-14' }, /endsOn 2025-07-14 is in the past \(today is 2025-07-15 in UTC\)/);
    await refused({ tierId: 'gold' }, /endsOn/);
    await refused({ tierId: 'gold', endsOn: '2025-08-31' }, /customer not found/, 404, '/v1/customers/nobody/tier-override');

    // A running override keeps its tier in every program: dropping that tier is refused.
    const dropGold = await put(harness, '/v1/program', acme.apiKey, { tiers: [TIERS[0], TIERS[1]] });
    assert.equal(dropGold.statusCode, 409);
    assert.match(dropGold.json().error.message, /"gold" \(1 customer\)/);

    const removed = await del(harness, url, acme.apiKey);
    assert.equal(removed.statusCode, 200, removed.body);
    assert.equal(removed.json().override, null);
    assert.equal(removed.json().tier.current.id, 'silver');
  });

  test('redeeming points does not change the tier; redeeming more than the balance is refused whole', async () => {
    const acme = await newTenant(harness.sql, 'Acme');
    await seed(harness, acme, ['c1'], [{ id: 'o1', customer: 'c1', at: '2025-06-01T10:00:00Z', amount: 150_000 }]);
    const before = (await vendorView(harness, acme, 'c1')).loyalty;
    // 1,500 points on the order + 100 for the first-order milestone.
    assert.equal(before?.points.balance, 1600);
    const redeemed = await post(harness.app, '/v1/points/redemptions', acme.apiKey, {
      items: [{ externalId: 'r1', customerId: 'c1', points: 1000, occurredAt: '2025-07-01T00:00:00Z', note: 'voucher' }],
    });
    assert.equal(redeemed.statusCode, 200, redeemed.body);
    assert.deepEqual(redeemed.json(), { inserted: 1, updated: 0, unchanged: 0 });
    const after = (await vendorView(harness, acme, 'c1')).loyalty;
    assert.equal(after?.points.balance, 600);
    assert.deepEqual(after?.points.entries[0], { id: 'redemption:r1', date: '2025-07-01', kind: 'redeemed', points: -1000, balance: 600, reason: { code: 'redemption', ref: 'r1', note: 'voucher' } });
    assert.deepEqual(after?.tier, before?.tier, 'the tier is untouched');
    const [ledger] = await harness.sql`select count(*)::int as n from points_ledger where tenant_id = ${acme.tenantId} and customer_id = 'c1'`;
    assert.equal(ledger?.n, 3);

    const tooMuch = await post(harness.app, '/v1/points/redemptions', acme.apiKey, {
      items: [
        { externalId: 'r2', customerId: 'c1', points: 500, occurredAt: '2025-07-02T00:00:00Z' },
        { externalId: 'r3', customerId: 'c1', points: 500, occurredAt: '2025-07-03T00:00:00Z' },
      ],
    });
    assert.equal(tooMuch.statusCode, 400);
    assert.match(tooMuch.json().error.message, /customer "c1" would have -400 points after this batch/);
    assert.deepEqual(tooMuch.json().error.details.map((detail: { index: number }) => detail.index), [0, 1]);
    assert.equal((await vendorView(harness, acme, 'c1')).loyalty?.points.balance, 600, 'nothing of the batch was kept');
    const resent = await post(harness.app, '/v1/points/redemptions', acme.apiKey, {
      items: [{ externalId: 'r1', customerId: 'c1', points: 1000, occurredAt: '2025-07-01T00:00:00Z', note: 'voucher' }],
    });
    assert.deepEqual(resent.json(), { inserted: 0, updated: 0, unchanged: 1 }, 'a retried delivery never redeems twice');
  });

  test('custom milestones pushed by the vendor are reached with their points', async () => {
    const acme = await newTenant(harness.sql, 'Acme');
    await seed(harness, acme, ['c1'], []);
    const saved = await put(harness, '/v1/program', acme.apiKey, {
      tiers: TIERS,
      milestones: [{ id: 'onboarded', name: 'Onboarding done', kind: 'custom', target: 4, points: 300 }],
    });
    assert.equal(saved.statusCode, 200, saved.body);
    const bad = await post(harness.app, '/v1/custom-milestones', acme.apiKey, {
      items: [
        { customerId: 'c1', milestoneId: 'onboarded', progress: 4 },
        { customerId: 'c1', milestoneId: 'webinar' },
      ],
    });
    assert.equal(bad.statusCode, 400);
    assert.deepEqual(bad.json().error.details.map((detail: { index: number; field: string }) => [detail.index, detail.field]), [[0, 'reachedAt'], [1, 'milestoneId']]);
    const pushed = await post(harness.app, '/v1/custom-milestones', acme.apiKey, {
      items: [{ customerId: 'c1', milestoneId: 'onboarded', progress: 4, reachedAt: '2025-07-10T09:00:00Z' }],
    });
    assert.equal(pushed.statusCode, 200, pushed.body);
    const loyalty = (await vendorView(harness, acme, 'c1')).loyalty;
    assert.deepEqual(loyalty?.milestones.map((m) => [m.id, m.reached, m.reachedOn]), [['onboarded', true, '2025-07-10']]);
    assert.equal(loyalty?.points.balance, 300);
  });

  test('an NPS answer reaches the first-answer milestone the same day, in the view already read that day', async () => {
    const acme = await newTenant(harness.sql, 'Acme');
    const saved = await put(harness, '/v1/program', acme.apiKey, {
      tiers: TIERS,
      milestones: [{ id: 'told-us', name: 'Told us how we are doing', kind: 'first-nps-answer', target: 1, points: 50 }],
    });
    assert.equal(saved.statusCode, 200, saved.body);
    await seed(harness, acme, ['c1'], [{ id: 'o1', customer: 'c1', at: '2025-07-01T10:00:00Z', amount: 20_000 }]);
    const before = (await vendorView(harness, acme, 'c1')).loyalty;
    assert.deepEqual(before?.milestones.map((m) => [m.id, m.reached]), [['told-us', false]]);
    const answered = await post(harness.app, '/v1/nps', acme.apiKey, { items: [{ externalId: 'n1', customerId: 'c1', score: 9, answeredAt: '2025-07-10T09:00:00Z' }] });
    assert.equal(answered.statusCode, 200, answered.body);
    await harness.app.rescoring.settled();
    const after = (await vendorView(harness, acme, 'c1')).loyalty;
    assert.deepEqual(after?.milestones.map((m) => [m.id, m.reached, m.reachedOn]), [['told-us', true, '2025-07-10']]);
    assert.equal((after?.points.balance ?? 0) - (before?.points.balance ?? 0), 50);
  });

  test('loyalty routes take an API key, never an embed token', async () => {
    const acme = await newTenant(harness.sql, 'Acme');
    await seed(harness, acme, ['c1'], []);
    const token = await mintToken(harness.app, acme.apiKey, 'c1');
    assert.equal((await get(harness.app, '/v1/program', token)).statusCode, 401);
    assert.equal((await post(harness.app, '/v1/customers/c1/tier-override', token, { tierId: 'gold', endsOn: '2025-12-31' })).statusCode, 401);
    assert.equal((await post(harness.app, '/v1/points/redemptions', token, { items: [] })).statusCode, 401);
  });
});

describe("the tenant's time zone decides the day of an order in the loyalty rules", () => {
  let harness: Harness;
  before(async () => {
    harness = await openTestApp({ clock: () => new Date('2025-07-05T00:00:00Z') });
  });
  after(() => harness.close());

  test('an order at 2025-06-30T13:00Z is in time to keep Gold in UTC, a day late in Auckland', async () => {
    const gold = async (timeZone: string) => {
      const tenant = await createTenant(harness.sql, { name: `Shop in ${timeZone}`, timeZone });
      // Gold from 5,000; kept from 4,000; no grace beyond the month of the fall.
      const saved = await put(harness, '/v1/program', tenant.apiKey, {
        tiers: [{ id: 'member', name: 'Member', atLeast: 0 }, { id: 'gold', name: 'Gold', atLeast: 500_000, retention: { keepAtLeast: 400_000, graceMonths: 0 } }],
      });
      assert.equal(saved.statusCode, 200, saved.body);
      await seed(harness, tenant, ['c1'], [
        { id: 'first', customer: 'c1', at: '2024-06-15T00:00:00Z', amount: 500_000 },
        { id: 'late', customer: 'c1', at: '2025-06-30T13:00:00Z', amount: 450_000 },
      ]);
      return (await vendorView(harness, tenant, 'c1')).loyalty?.tier;
    };
    const utc = await gold('UTC');
    assert.equal(utc?.current.id, 'gold');
    assert.equal(utc?.history[0]?.kind, 'recovered');
    const auckland = await gold('Pacific/Auckland');
    assert.equal(auckland?.current.id, 'member');
    assert.deepEqual([auckland?.history[0]?.kind, auckland?.history[0]?.date], ['lost', '2025-07-01']);
  });
});

describe('loyalty with the models: scoring, projections and disclosure', () => {
  let harness: Harness;
  let acme: CreatedTenant;
  const asOf = new Date('2026-06-30T00:00:00Z');

  before(async () => {
    harness = await openTestApp({ clock: () => asOf });
    acme = await newTenant(harness.sql, 'Acme');
    const data = generateDemoData({ customers: 300, seed: 11, asOf, historyYears: 3 });
    await post(harness.app, '/v1/customers', acme.apiKey, { items: data.customers });
    for (let start = 0; start < data.orders.length; start += 5000) {
      const response = await post(harness.app, '/v1/orders', acme.apiKey, { items: data.orders.slice(start, start + 5000) });
      assert.equal(response.statusCode, 200, response.body);
    }
    await harness.app.rescoring.settled();
    const run = await post(harness.app, '/v1/scores/refresh', acme.apiKey, {});
    assert.equal(run.statusCode, 200, run.body);
  });
  after(() => harness.close());

  test('a scoring run evaluates every customer; the full view, with projections at their own pace, is made on read', async () => {
    const [counts] = await harness.sql<{ customers: number; evaluated: number; cached: number; tiers: number }[]>`
      select (select count(*)::int from customers where tenant_id = ${acme.tenantId}) as customers,
             count(*)::int as evaluated, count(state)::int as cached, count(distinct tier_id)::int as tiers
      from customer_loyalty where tenant_id = ${acme.tenantId} and as_of_date = '2026-06-30'`;
    assert.equal(counts?.evaluated, counts?.customers);
    assert.equal(counts?.cached, 0, 'the run leaves every full view to be made again with its scores');
    assert.ok((counts?.tiers ?? 0) > 1);
    const [repeat] = await harness.sql<{ customerId: string }[]>`
      select customer_id as "customerId" from customer_scores where tenant_id = ${acme.tenantId} and frequency >= 5 order by p_alive desc limit 1`;
    const loyalty = (await vendorView(harness, acme, repeat?.customerId ?? '')).loyalty;
    assert.equal(loyalty?.pace.available, true);
    assert.ok(loyalty?.lifecycle, 'the vendor sees the stage');
    const projection = loyalty?.tier.next?.projection;
    assert.ok(projection, 'a projection of the next tier');
    assert.ok(projection.reachedOn !== null || projection.shortfall !== null);
    const [stored] = await harness.sql<{ tier: string; cached: boolean }[]>`
      select tier_id as tier, state is not null as cached from customer_loyalty where tenant_id = ${acme.tenantId} and customer_id = ${repeat?.customerId ?? ''}`;
    assert.deepEqual(stored, { tier: loyalty?.tier.current.id, cached: true }, 'the standing and the view agree; the view is kept');
  });

  test('customers see what the vendor discloses; the vendor sees everything', async () => {
    const [scored] = await harness.sql<{ customerId: string }[]>`
      select customer_id as "customerId" from customer_scores where tenant_id = ${acme.tenantId} and frequency > 0 limit 1`;
    const customerId = scored?.customerId ?? '';
    const token = await mintToken(harness.app, acme.apiKey, customerId);
    const me = async () => (await get(harness.app, '/v1/me', token)).json() as CustomerValue;

    const byDefault = await me();
    assert.equal(typeof byDefault.prediction?.probabilityAlive, 'number', 'P(alive) is shown by default');
    assert.equal(byDefault.loyalty?.lifecycle, undefined, 'the stage is not, by default');

    const program = ((await get(harness.app, '/v1/program', acme.apiKey)).json() as ProgramResponse).program;
    const saved = await put(harness, '/v1/program', acme.apiKey, { ...program, disclosure: { probabilityAlive: false, lifecycleStage: true } });
    assert.equal(saved.statusCode, 200, saved.body);
    const hidden = await me();
    assert.equal(hidden.prediction && 'probabilityAlive' in hidden.prediction, false);
    assert.equal(hidden.loyalty && 'probabilityAlive' in hidden.loyalty.pace, false);
    assert.ok(hidden.loyalty?.lifecycle);
    assert.equal('probabilityAlive' in hidden.loyalty.lifecycle.inputs, false);
    assert.doesNotMatch(JSON.stringify(hidden), /probabilityAlive/);

    const vendor = await vendorView(harness, acme, customerId);
    assert.equal(typeof vendor.prediction?.probabilityAlive, 'number');
    assert.equal(typeof vendor.loyalty?.pace.probabilityAlive, 'number');
    assert.equal(typeof vendor.loyalty?.lifecycle?.inputs.probabilityAlive, 'number');
  });
});
