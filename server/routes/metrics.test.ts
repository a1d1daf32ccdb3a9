import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { openTestApp } from '../test-support/test-app.ts';
import { get, mintToken, newTenant, post } from '../test-support/fixtures.ts';
import { createTenant, type CreatedTenant } from '../db/tenant-repository.ts';
import type { MetricsResponse, PeriodMetrics } from '../../shared/schemas/metrics.ts';

// Every figure below is computed by hand from this fixture, at a fixed "now".
const NOW = new Date('2025-04-15T00:00:00Z');

/*
 * Acme (time zone UTC, expected lifespan 3 years). Months of the range: 2025-01, 2025-02, 2025-03.
 *
 * Subscriptions (a customer is active at a boundary b when a record with MRR > 0 started before b and did
 * not end before b), MRR per customer at the boundaries B1 = Jan 1, B2 = Feb 1, B3 = Mar 1, B4 = Apr 1:
 *   c1  s1 10000 from 2024-11-01, open                         10000  10000  10000  10000
 *   c2  s2  5000 2024-12-01 .. 2025-01-15, then                  5000   4000   4000   4000
 *       s3  4000 from 2025-01-25 (leaves and returns in January, on a cheaper plan)
 *   c3  s4  8000 2024-12-15 .. 2025-02-01 (cancelled; ends at   8000   8000      0      0
 *       the February boundary, so lost in February)
 *   c4  s5  6000 2025-01-01 .. 2025-03-01 (starts on the           0   6000   6000   9000
 *       January boundary: new in January), s6 9000 from
 *       2025-03-01 (an upgrade on the March boundary)
 *   c7  s7     0 from 2025-02-01 (a free plan: never a paying customer)
 *   total                                                        23000  28000  20000  23000
 *
 * Orders (k = kept, r = refunded):
 *   o1  c1 2024-11-10  5000 k     o5  c3 2024-12-20  8000 k     o9  c5 2025-02-14  1000 k
 *   o2  c1 2025-01-10  3000 k     o6  c4 2025-01-05  6000 k     o10 c5 2025-02-20  1500 r
 *   o3  c1 2025-02-10  2000 r     o7  c4 2025-01-25  6000 k     o11 c5 2025-03-03   500 k
 *   o4  c2 2025-01-20  4000 k     o8  c4 2025-03-05  9000 k     o12 c6 2025-03-10   700 r (c6 never keeps an order)
 *                                 o13 c4 2025-04-02  3000 k (after the range: only the cohort curve sees it)
 *
 * Acquired (first kept order or first paid subscription, whichever is earlier):
 *   c1 2024-11-01, c2 2024-12-01, c3 2024-12-15 (all before the range), c4 2025-01-01 (January),
 *   c5 2025-02-14 (February, by an order, no subscription); c6 and c7 are never acquired.
 *
 * NPS answers: c1 10 on Jan 5 and 6 on Jan 20 (the later one counts), c2 9 on Jan 10, c3 8 on Jan 12,
 *   c4 3 on Jan 15, c5 10 on Feb 20.
 *
 * Acquisition spend (spread evenly over its days):
 *   search 2025-01-01..01-31  15500 -> Jan 15500
 *   events 2025-01-17..02-15   3000 -> 100 a day: Jan 17-31 = 15 days 1500, Feb 1-15 = 15 days 1500
 *   search 2025-02-01..03-31    590 -> 10 a day: Feb 28 days 280, Mar 31 days 310
 *
 * Customers' industry: c1 retail, c2 retail, c3 logistics, c4 logistics, c5 none, c6 logistics, c7 retail.
 */
const customers = [
  { externalId: 'c1', industry: 'retail', plan: 'growth' },
  { externalId: 'c2', industry: 'retail', plan: 'starter' },
  { externalId: 'c3', industry: 'logistics', plan: 'growth' },
  { externalId: 'c4', industry: 'logistics' },
  { externalId: 'c5' },
  { externalId: 'c6', industry: 'logistics' },
  { externalId: 'c7', industry: 'retail' },
];
const subscriptions = [
  { externalId: 's1', customerId: 'c1', plan: 'growth', mrr: 10000, startedAt: '2024-11-01T00:00:00Z' },
  { externalId: 's2', customerId: 'c2', plan: 'growth', mrr: 5000, startedAt: '2024-12-01T00:00:00Z', endedAt: '2025-01-15T00:00:00Z' },
  { externalId: 's3', customerId: 'c2', plan: 'starter', mrr: 4000, startedAt: '2025-01-25T00:00:00Z' },
  { externalId: 's4', customerId: 'c3', plan: 'growth', mrr: 8000, startedAt: '2024-12-15T00:00:00Z', endedAt: '2025-02-01T00:00:00Z' },
  { externalId: 's5', customerId: 'c4', plan: 'starter', mrr: 6000, startedAt: '2025-01-01T00:00:00Z', endedAt: '2025-03-01T00:00:00Z' },
  { externalId: 's6', customerId: 'c4', plan: 'scale', mrr: 9000, startedAt: '2025-03-01T00:00:00Z' },
  { externalId: 's7', customerId: 'c7', plan: 'free', mrr: 0, startedAt: '2025-02-01T00:00:00Z' },
];
const order = (externalId: string, customerId: string, day: string, amount: number, status: 'paid' | 'refunded' = 'paid') => ({
  externalId, customerId, occurredAt: `${day}T00:00:00Z`, amount, status,
});
const orders = [
  order('o1', 'c1', '2024-11-10', 5000),
  order('o2', 'c1', '2025-01-10', 3000),
  order('o3', 'c1', '2025-02-10', 2000, 'refunded'),
  order('o4', 'c2', '2025-01-20', 4000),
  order('o5', 'c3', '2024-12-20', 8000),
  order('o6', 'c4', '2025-01-05', 6000),
  order('o7', 'c4', '2025-01-25', 6000),
  order('o8', 'c4', '2025-03-05', 9000),
  order('o9', 'c5', '2025-02-14', 1000),
  order('o10', 'c5', '2025-02-20', 1500, 'refunded'),
  order('o11', 'c5', '2025-03-03', 500),
  order('o12', 'c6', '2025-03-10', 700, 'refunded'),
  order('o13', 'c4', '2025-04-02', 3000),
];
const answers = [
  { externalId: 'n1', customerId: 'c1', score: 10, answeredAt: '2025-01-05T00:00:00Z' },
  { externalId: 'n2', customerId: 'c1', score: 6, answeredAt: '2025-01-20T00:00:00Z', comment: 'slower lately' },
  { externalId: 'n3', customerId: 'c2', score: 9, answeredAt: '2025-01-10T00:00:00Z' },
  { externalId: 'n4', customerId: 'c3', score: 8, answeredAt: '2025-01-12T00:00:00Z' },
  { externalId: 'n5', customerId: 'c4', score: 3, answeredAt: '2025-01-15T00:00:00Z' },
  { externalId: 'n6', customerId: 'c5', score: 10, answeredAt: '2025-02-20T00:00:00Z' },
];
const spend = [
  { externalId: 'a1', channel: 'search', periodStart: '2025-01-01', periodEnd: '2025-01-31', amount: 15500 },
  { externalId: 'a2', channel: 'events', periodStart: '2025-01-17', periodEnd: '2025-02-15', amount: 3000 },
  { externalId: 'a3', channel: 'search', periodStart: '2025-02-01', periodEnd: '2025-03-31', amount: 590 },
];

async function send(app: Awaited<ReturnType<typeof openTestApp>>['app'], apiKey: string, url: string, items: unknown[]) {
  const response = await post(app, url, apiKey, { items });
  assert.equal(response.statusCode, 200, `${url}: ${response.body}`);
}

describe('GET /v1/metrics', () => {
  let harness: Awaited<ReturnType<typeof openTestApp>>;
  let acme: CreatedTenant;
  let globex: CreatedTenant;
  let monthly: MetricsResponse;
  let quarterly: MetricsResponse;
  const metrics = async (query: string, tenant = acme) => {
    const response = await get(harness.app, `/v1/metrics?${query}`, tenant.apiKey);
    assert.equal(response.statusCode, 200, response.body);
    return response.json() as MetricsResponse;
  };
  const month = (label: string): PeriodMetrics => {
    const period = monthly.periods.find((p) => p.period === label);
    assert.ok(period, `no period ${label}`);
    return period;
  };

  before(async () => {
    harness = await openTestApp({ clock: () => NOW });
    acme = await newTenant(harness.sql, 'Acme');
    const { app } = harness;
    await send(app, acme.apiKey, '/v1/customers', customers);
    await send(app, acme.apiKey, '/v1/subscriptions', subscriptions);
    await send(app, acme.apiKey, '/v1/orders', orders);
    await send(app, acme.apiKey, '/v1/nps', answers);
    await send(app, acme.apiKey, '/v1/acquisition-spend', spend);

    /*
     * Globex: one customer, g1, whose first paying event is in the range (so the first period has no
     * customer at its start), acquisition spend recorded as 0, and two years of orders for the cohort curve:
     *   g1  subscription 1000 from 2023-01-10; orders 2023-01-10 1000, 2023-06-15 2000, 2024-01-20 4000,
     *       2024-12-31 8000; spend "ads" 2023-01-01..2023-03-31 amount 0.
     */
    globex = await newTenant(harness.sql, 'Globex');
    await send(app, globex.apiKey, '/v1/customers', [{ externalId: 'g1', industry: 'retail' }]);
    await send(app, globex.apiKey, '/v1/subscriptions', [{ externalId: 'gs1', customerId: 'g1', plan: 'p', mrr: 1000, startedAt: '2023-01-10T00:00:00Z' }]);
    await send(app, globex.apiKey, '/v1/orders', [
      order('g-o1', 'g1', '2023-01-10', 1000),
      order('g-o2', 'g1', '2023-06-15', 2000),
      order('g-o3', 'g1', '2024-01-20', 4000),
      order('g-o4', 'g1', '2024-12-31', 8000),
    ]);
    await send(app, globex.apiKey, '/v1/acquisition-spend', [{ externalId: 'ga1', channel: 'ads', periodStart: '2023-01-01', periodEnd: '2023-03-31', amount: 0 }]);

    monthly = await metrics('from=2025-01-01&to=2025-03-31&interval=month&segment=industry');
    quarterly = await metrics('from=2025-01-01&to=2025-03-31&interval=quarter');
  });
  after(() => harness.close());

  test('periods are the calendar months or quarters containing from and to', () => {
    assert.deepEqual(monthly.periods.map((p) => [p.period, p.start, p.end, p.complete]), [
      ['2025-01', '2025-01-01T00:00:00.000Z', '2025-02-01T00:00:00.000Z', true],
      ['2025-02', '2025-02-01T00:00:00.000Z', '2025-03-01T00:00:00.000Z', true],
      ['2025-03', '2025-03-01T00:00:00.000Z', '2025-04-01T00:00:00.000Z', true],
    ]);
    assert.deepEqual([monthly.from, monthly.to, monthly.currency, monthly.timeZone, monthly.asOf], ['2025-01-01', '2025-03-31', 'USD', 'UTC', NOW.toISOString()]);
    assert.deepEqual(quarterly.periods.map((p) => [p.period, p.start, p.end]), [['2025-Q1', '2025-01-01T00:00:00.000Z', '2025-04-01T00:00:00.000Z']]);
  });

  test('customer retention (E - N) / S and churn lost / S; leaving and returning within a period is no churn', () => {
    // January: S = {c1, c2, c3}; E = {c1, c2, c3, c4}; N = {c4} (started exactly at Jan 1: new, not at the
    // start); c2 left on Jan 15 and came back on Jan 25, so it is at both ends and not lost.
    // Retention (4 - 1) / 3 = 1, churn 0 / 3 = 0.
    assert.deepEqual(month('2025-01').customers, { atStart: 3, atEnd: 4, gained: 1, lost: 0, retentionRate: 1, churnRate: 0 });
    // February: c3's record ends exactly at Feb 1, so it is still there at the end of January and lost in
    // February. S = 4, E = 3, N = 0: retention 3 / 4 = 0.75, churn 1 / 4 = 0.25. c7's free plan never counts.
    assert.deepEqual(month('2025-02').customers, { atStart: 4, atEnd: 3, gained: 0, lost: 1, retentionRate: 0.75, churnRate: 0.25 });
    assert.deepEqual(month('2025-03').customers, { atStart: 3, atEnd: 3, gained: 0, lost: 0, retentionRate: 1, churnRate: 0 });
    // The quarter: S = {c1, c2, c3}, E = {c1, c2, c4}, N = {c4}, lost {c3}: (3 - 1) / 3 = 0.6667, 1 / 3 = 0.3333.
    assert.deepEqual(quarterly.periods[0]?.customers, { atStart: 3, atEnd: 3, gained: 1, lost: 1, retentionRate: 0.6667, churnRate: 0.3333 });
  });

  test('MRR movements, revenue churn, GRR, NRR and existing-customer growth', () => {
    // January: 23000 -> 28000. c2 came back at 4000 instead of 5000: contraction 1000 (a downgrade, not a
    // churn). c4 gained at 6000, and c4 was acquired in January: new sales 6000.
    // 23000 + 0 - 1000 - 0 + 6000 = 28000. Revenue churn 1000 / 23000 = 0.0435; GRR = NRR = 22000 / 23000
    // = 0.9565; existing-customer growth (28000 - 6000 - 23000) / 23000 = -0.0435.
    assert.deepEqual(month('2025-01').revenue, {
      mrrAtStart: 23000, mrrAtEnd: 28000, expansion: 0, contraction: 1000, churned: 0, gained: 6000, newCustomers: 6000,
      revenueChurnRate: 0.0435, grossRevenueRetention: 0.9565, netRevenueRetention: 0.9565, existingCustomerGrowthRate: -0.0435,
    });
    // February: c3 cancels, 8000 churned. 28000 -> 20000: revenue churn 8000 / 28000 = 0.2857, GRR = NRR =
    // 20000 / 28000 = 0.7143, growth (20000 - 0 - 28000) / 28000 = -0.2857. c5 was acquired by an order: no MRR.
    assert.deepEqual(month('2025-02').revenue, {
      mrrAtStart: 28000, mrrAtEnd: 20000, expansion: 0, contraction: 0, churned: 8000, gained: 0, newCustomers: 0,
      revenueChurnRate: 0.2857, grossRevenueRetention: 0.7143, netRevenueRetention: 0.7143, existingCustomerGrowthRate: -0.2857,
    });
    // March: c4 upgrades 6000 -> 9000 on Mar 1: expansion 3000. GRR 1, NRR 23000 / 20000 = 1.15, growth 0.15.
    assert.deepEqual(month('2025-03').revenue, {
      mrrAtStart: 20000, mrrAtEnd: 23000, expansion: 3000, contraction: 0, churned: 0, gained: 0, newCustomers: 0,
      revenueChurnRate: 0, grossRevenueRetention: 1, netRevenueRetention: 1.15, existingCustomerGrowthRate: 0.15,
    });
    // The quarter: 23000 -> 23000; c2 -1000 contraction, c3 8000 churned, c4 gained at 9000 (new: c4, c5 with 0).
    // Churn 9000 / 23000 = 0.3913, GRR = NRR = 14000 / 23000 = 0.6087, growth (23000 - 9000 - 23000) / 23000 = -0.3913.
    assert.deepEqual(quarterly.periods[0]?.revenue, {
      mrrAtStart: 23000, mrrAtEnd: 23000, expansion: 0, contraction: 1000, churned: 8000, gained: 9000, newCustomers: 9000,
      revenueChurnRate: 0.3913, grossRevenueRetention: 0.6087, netRevenueRetention: 0.6087, existingCustomerGrowthRate: -0.3913,
    });
  });

  test('order value, purchase frequency and repeat purchase rate, with refunds', () => {
    // January: o2 3000 (c1), o4 4000 (c2), o6 + o7 12000 (c4): 19000 over 4 kept orders = 4750; 3 buyers,
    // 4 / 3 = 1.33 orders each. Repeat buyers: c1 (bought in November) and c4 (twice): 2 / 3 = 0.6667.
    assert.deepEqual(month('2025-01').orders, {
      grossValue: 19000, refunds: 0, realisedValue: 19000, keptOrders: 4, buyers: 3, repeatBuyers: 2,
      averageOrderValue: 4750, purchaseFrequency: 1.33, repeatPurchaseRate: 0.6667,
    });
    // February: o3 2000 r, o9 1000 k, o10 1500 r: gross 4500, refunds 3500, realised 1000 over 1 kept order.
    // c1 only had a refund, so c5 is the one buyer, on its first order: no repeat.
    assert.deepEqual(month('2025-02').orders, {
      grossValue: 4500, refunds: 3500, realisedValue: 1000, keptOrders: 1, buyers: 1, repeatBuyers: 0,
      averageOrderValue: 1000, purchaseFrequency: 1, repeatPurchaseRate: 0,
    });
    // March: o8 9000 k, o11 500 k, o12 700 r: realised 9500 over 2 = 4750; c4 and c5 both bought before.
    assert.deepEqual(month('2025-03').orders, {
      grossValue: 10200, refunds: 700, realisedValue: 9500, keptOrders: 2, buyers: 2, repeatBuyers: 2,
      averageOrderValue: 4750, purchaseFrequency: 1, repeatPurchaseRate: 1,
    });
    // The quarter: 29500 over 7 kept orders = 4214.29 -> 4214; buyers c1, c2, c4, c5: 7 / 4 = 1.75;
    // repeat: c1 (before), c4 (3 orders), c5 (2 orders), not c2: 3 / 4 = 0.75.
    assert.deepEqual(quarterly.periods[0]?.orders, {
      grossValue: 33700, refunds: 4200, realisedValue: 29500, keptOrders: 7, buyers: 4, repeatBuyers: 3,
      averageOrderValue: 4214, purchaseFrequency: 1.75, repeatPurchaseRate: 0.75,
    });
  });

  test('NPS = % promoters - % detractors over each customer\'s latest answer in the period', () => {
    // January: c1 6 (its 10 of Jan 5 is superseded), c2 9, c3 8, c4 3: (1 - 2) / 4 = -25.
    assert.deepEqual(month('2025-01').nps, { responses: 4, promoters: 1, passives: 1, detractors: 2, score: -25 });
    assert.deepEqual(month('2025-02').nps, { responses: 1, promoters: 1, passives: 0, detractors: 0, score: 100 });
    assert.deepEqual(month('2025-03').nps, { responses: 0, promoters: 0, passives: 0, detractors: 0, score: null });
    // The quarter: c1 6, c2 9, c3 8, c4 3, c5 10: (2 - 2) / 5 = 0.
    assert.deepEqual(quarterly.periods[0]?.nps, { responses: 5, promoters: 2, passives: 1, detractors: 2, score: 0 });
  });

  test('CAC, CAC by channel and CAC payback', () => {
    // January: spend 15500 + 1500 = 17000, one customer acquired (c4): CAC 17000. c4's MRR at the end is
    // 6000, so payback 17000 / 6000 = 2.83 -> 2.8 months.
    assert.deepEqual(month('2025-01').acquisition, {
      customersAcquired: 1, spend: 17000, cac: 17000,
      byChannel: [{ channel: 'search', spend: 15500, cac: 15500 }, { channel: 'events', spend: 1500, cac: 1500 }],
      cacPaybackMonths: 2.8,
    });
    // February: 1500 + 280 = 1780 for c5; c5 has no MRR, so no payback.
    assert.deepEqual(month('2025-02').acquisition, {
      customersAcquired: 1, spend: 1780, cac: 1780,
      byChannel: [{ channel: 'events', spend: 1500, cac: 1500 }, { channel: 'search', spend: 280, cac: 280 }],
      cacPaybackMonths: null,
    });
    // March: 310 spent, nobody acquired: CAC null, not Infinity.
    assert.deepEqual(month('2025-03').acquisition, {
      customersAcquired: 0, spend: 310, cac: null, byChannel: [{ channel: 'search', spend: 310, cac: null }], cacPaybackMonths: null,
    });
    // The quarter: 19090 for c4 and c5 = 9545; search 16090 / 2 = 8045, events 3000 / 2 = 1500;
    // new MRR 9000 + 0 over 2 customers = 4500 a customer: payback 9545 / 4500 = 2.12 -> 2.1.
    assert.deepEqual(quarterly.periods[0]?.acquisition, {
      customersAcquired: 2, spend: 19090, cac: 9545,
      byChannel: [{ channel: 'search', spend: 16090, cac: 8045 }, { channel: 'events', spend: 3000, cac: 1500 }],
      cacPaybackMonths: 2.1,
    });
  });

  test('average CLV is the open simple CLV of the average customer, and CLV:CAC is flagged below 3', () => {
    // As of Feb 1: c1, c2, c3, c4 have kept orders. Their orders: c1 5000 + 3000, c2 4000, c3 8000,
    // c4 6000 + 6000 = 32000 over 6 kept orders. Average customer: 8000 realised over 1.5 orders, so
    // AOV 8000 / 1.5 = 5333.33 -> 5333. Days since first kept order: c1 83, c2 12, c3 43, c4 27; average
    // 41.25 -> 41 days = 0.11 years, counted as 1 year: 1.5 purchases a year. CLV 5333 x 1.5 x 3 = 23998.5
    // -> 23999. CLV:CAC 23999 / 17000 = 1.41, below 3.
    assert.deepEqual(month('2025-01').value, {
      averageClv: { amount: 23999, averageOrderValue: 5333, purchasesPerYear: 1.5, lifespanYears: 3, customers: 4 },
      clvToCac: 1.41,
      clvToCacBelowTarget: true,
    });
    // As of Mar 1: c5 joins. Gross 32000 + 2000 (o3) + 1000 + 1500 = 36500, refunds 3500, realised 33000
    // over 7 kept orders: AOV 4714.29 -> 4714; 7 / 5 = 1.4 orders each; days 111, 40, 71, 55, 15: average
    // 58.4 -> 58 days, counted as 1 year. CLV 4714 x 1.4 x 3 = 19798.8 -> 19799. CLV:CAC 19799 / 1780 = 11.12.
    assert.deepEqual(month('2025-02').value, {
      averageClv: { amount: 19799, averageOrderValue: 4714, purchasesPerYear: 1.4, lifespanYears: 3, customers: 5 },
      clvToCac: 11.12,
      clvToCacBelowTarget: false,
    });
    // As of Apr 1: + o8 9000 and o11 500 (c6 kept no order and is not counted): realised 42500 over 9
    // orders: AOV 4722.22 -> 4722; 9 / 5 = 1.8 a customer; average 89.4 days -> 1 year. CLV 4722 x 1.8 x 3
    // = 25498.8 -> 25499. No CAC in March, so no ratio.
    assert.deepEqual(month('2025-03').value, {
      averageClv: { amount: 25499, averageOrderValue: 4722, purchasesPerYear: 1.8, lifespanYears: 3, customers: 5 },
      clvToCac: null,
      clvToCacBelowTarget: null,
    });
    // The quarter: CLV as of Apr 1 over the quarter's CAC 9545: 25499 / 9545 = 2.67, below 3.
    assert.equal(quarterly.periods[0]?.value.clvToCac, 2.67);
    assert.equal(quarterly.periods[0]?.value.clvToCacBelowTarget, true);
  });

  test('revenue concentration: the share of realised value from the top 20% of customers', () => {
    // January: c4 12000, c2 4000, c1 3000; the top 20% of 3 customers, rounded up, is 1: 12000 / 19000.
    assert.deepEqual(month('2025-01').concentration, { customers: 3, topCustomers: 1, revenue: 19000, topRevenue: 12000, topShare: 0.6316 });
    // February: c1's refunded order leaves it with nothing; c5 keeps 1000.
    assert.deepEqual(month('2025-02').concentration, { customers: 1, topCustomers: 1, revenue: 1000, topRevenue: 1000, topShare: 1 });
    // The range: c4 21000, c2 4000, c1 3000, c5 1500: 21000 / 29500 = 0.7119.
    assert.deepEqual(monthly.concentration, { customers: 4, topCustomers: 1, revenue: 29500, topRevenue: 21000, topShare: 0.7119 });
  });

  test('cumulative revenue of each monthly acquisition cohort against its CAC', () => {
    assert.deepEqual(monthly.cohorts, [
      // c4: January 12000, February 0, March 9000, April (begun by now) 3000. Spend 17000 is reached in March.
      { cohort: '2025-01', customers: 1, acquisitionSpend: 17000, cac: 17000, cumulativeRevenue: [12000, 12000, 21000, 24000], ccr12: null, ccr24: null, breakEvenMonth: 2 },
      // c5: February 2500 - 1500 refunded = 1000, March 500, April 0; never reaches 1780.
      { cohort: '2025-02', customers: 1, acquisitionSpend: 1780, cac: 1780, cumulativeRevenue: [1000, 1500, 1500], ccr12: null, ccr24: null, breakEvenMonth: null },
      // Nobody acquired in March: no CAC.
      { cohort: '2025-03', customers: 0, acquisitionSpend: 310, cac: null, cumulativeRevenue: [0, 0], ccr12: null, ccr24: null, breakEvenMonth: null },
    ]);
    // The same cohorts whatever the interval.
    assert.deepEqual(quarterly.cohorts, monthly.cohorts);
  });

  test('average CLV by segment, as of the end of the range', () => {
    // As of Apr 1 (o13 in April is not counted):
    // logistics: c3 8000 (1 order), c4 21000 (3 orders); c6 has no kept order. AOV 29000 / 4 = 7250; 2 orders
    //   each; days 102 and 86 -> 1 year. 7250 x 2 x 3 = 43500.
    // retail: c1 10000 gross - 2000 refunded (2 kept), c2 4000 (1): AOV 12000 / 3 = 4000; 1.5 orders each;
    //   days 142 and 71 -> 1 year. 4000 x 1.5 x 3 = 18000. (c7 has only a free plan.)
    // none: c5 3000 gross - 1500 refunded, 2 kept: AOV 750, 2 a year: 750 x 2 x 3 = 4500.
    assert.deepEqual(monthly.segments, {
      dimension: 'industry',
      values: [
        { value: 'logistics', averageClv: { amount: 43500, averageOrderValue: 7250, purchasesPerYear: 2, lifespanYears: 3, customers: 2 } },
        { value: 'retail', averageClv: { amount: 18000, averageOrderValue: 4000, purchasesPerYear: 1.5, lifespanYears: 3, customers: 2 } },
        { value: null, averageClv: { amount: 4500, averageOrderValue: 750, purchasesPerYear: 2, lifespanYears: 3, customers: 1 } },
      ],
    });
    assert.equal(quarterly.segments, null);
  });

  test('a period with no customer at its start and zero acquisition spend give null ratios, never NaN or Infinity', async () => {
    const result = await metrics('from=2023-01-01&to=2023-03-31&interval=quarter', globex);
    const [q1] = result.periods;
    assert.ok(q1);
    assert.equal(q1.period, '2023-Q1');
    // g1 arrives on Jan 10: S = 0, so retention and churn are undefined, and so are the MRR ratios.
    assert.deepEqual(q1.customers, { atStart: 0, atEnd: 1, gained: 1, lost: 0, retentionRate: null, churnRate: null });
    assert.equal(q1.revenue.mrrAtStart, 0);
    assert.equal(q1.revenue.newCustomers, 1000);
    for (const rate of ['revenueChurnRate', 'grossRevenueRetention', 'netRevenueRetention', 'existingCustomerGrowthRate'] as const) {
      assert.equal(q1.revenue[rate], null, rate);
    }
    // Spend recorded as 0: CAC, CLV:CAC and payback are null.
    assert.deepEqual(q1.acquisition, { customersAcquired: 1, spend: 0, cac: null, byChannel: [{ channel: 'ads', spend: 0, cac: null }], cacPaybackMonths: null });
    assert.deepEqual([q1.value.clvToCac, q1.value.clvToCacBelowTarget], [null, null]);
    assert.doesNotMatch(JSON.stringify(result), /NaN|Infinity/);
  });

  test('a cohort is followed for 24 months past its month, beyond the range: CCR at 12 and 24 months', async () => {
    const result = await metrics('from=2023-01-01&to=2023-03-31&interval=quarter', globex);
    const [january] = result.cohorts;
    // g1: 1000 in month 0 (2023-01), 2000 in month 5 (2023-06), 4000 in month 12 (2024-01), 8000 in month 23
    // (2024-12). CCR12 = through month 11 = 3000; CCR24 = through month 23 = 15000.
    assert.equal(january?.cumulativeRevenue.length, 24);
    assert.deepEqual([january?.cumulativeRevenue[0], january?.cumulativeRevenue[5], january?.cumulativeRevenue[12]], [1000, 3000, 7000]);
    assert.deepEqual([january?.ccr12, january?.ccr24, january?.cac, january?.breakEvenMonth], [3000, 15000, null, null]);
  });

  test('periods follow the tenant time zone', async () => {
    const paris = await createTenant(harness.sql, { name: 'Paris', timeZone: 'Europe/Paris' });
    await send(harness.app, paris.apiKey, '/v1/customers', [{ externalId: 'p1' }]);
    // 2025-01-31T23:30Z is already February 1 in Paris.
    await send(harness.app, paris.apiKey, '/v1/orders', [{ externalId: 'po1', customerId: 'p1', occurredAt: '2025-01-31T23:30:00Z', amount: 100 }]);
    const result = await metrics('from=2025-01-01&to=2025-02-28&interval=month', paris);
    assert.equal(result.periods[0]?.start, '2024-12-31T23:00:00.000Z');
    assert.deepEqual(result.periods.map((p) => [p.period, p.orders.keptOrders, p.acquisition.customersAcquired]), [['2025-01', 0, 0], ['2025-02', 1, 1]]);
  });

  test('an order corrected after it was sent leaves the figures of its old month and enters those of its new one', async () => {
    const tenant = await createTenant(harness.sql, { name: 'Corrections' });
    await send(harness.app, tenant.apiKey, '/v1/customers', [{ externalId: 'k1' }, { externalId: 'k2' }]);
    await send(harness.app, tenant.apiKey, '/v1/orders', [order('ko1', 'k1', '2025-01-10', 1000), order('ko2', 'k2', '2025-02-10', 400)]);
    const figures = async () =>
      (await metrics('from=2025-01-01&to=2025-02-28&interval=month', tenant)).periods.map((p) => [p.period, p.orders.grossValue, p.orders.refunds, p.orders.keptOrders, p.orders.buyers, p.acquisition.customersAcquired]);
    assert.deepEqual(await figures(), [['2025-01', 1000, 0, 1, 1, 1], ['2025-02', 400, 0, 1, 1, 1]]);
    // ko1 was in fact k2's, in February, and refunded: k1 never bought, k2's February has two orders.
    await send(harness.app, tenant.apiKey, '/v1/orders', [order('ko1', 'k2', '2025-02-20', 1000, 'refunded')]);
    assert.deepEqual(await figures(), [['2025-01', 0, 0, 0, 0, 0], ['2025-02', 1400, 1000, 1, 1, 1]]);
  });

  test("the current month's MRR is taken now: records that begin or end later in the month do not count yet", async () => {
    // Now is 2025-04-15. c4 300 from Feb 1 to Apr 10 (lost in April, before now); c1 1000 from Mar 10 to
    // Apr 20 (still paying now); c2 500 from Apr 5 (gained before now); c3 700 from Apr 25 (not yet); c5 200
    // from Apr 2 to Apr 28 (paying now, though not at either end of April).
    const tenant = await createTenant(harness.sql, { name: 'Midmonth' });
    await send(harness.app, tenant.apiKey, '/v1/customers', ['c1', 'c2', 'c3', 'c4', 'c5'].map((externalId) => ({ externalId })));
    await send(harness.app, tenant.apiKey, '/v1/subscriptions', [
      { externalId: 'm4', customerId: 'c4', plan: 'p', mrr: 300, startedAt: '2025-02-01T00:00:00Z', endedAt: '2025-04-10T00:00:00Z' },
      { externalId: 'm1', customerId: 'c1', plan: 'p', mrr: 1000, startedAt: '2025-03-10T00:00:00Z', endedAt: '2025-04-20T00:00:00Z' },
      { externalId: 'm2', customerId: 'c2', plan: 'p', mrr: 500, startedAt: '2025-04-05T00:00:00Z' },
      { externalId: 'm3', customerId: 'c3', plan: 'p', mrr: 700, startedAt: '2025-04-25T00:00:00Z' },
      { externalId: 'm5', customerId: 'c5', plan: 'p', mrr: 200, startedAt: '2025-04-02T00:00:00Z', endedAt: '2025-04-28T00:00:00Z' },
    ]);
    const byMonth = await metrics('from=2025-03-01&to=2025-04-30&interval=month', tenant);
    // March: c4 at the start (300); c1 joins (1000), acquired in March by its first paid record.
    assert.deepEqual(byMonth.periods[0]?.customers, { atStart: 1, atEnd: 2, gained: 1, lost: 0, retentionRate: 1, churnRate: 0 });
    assert.deepEqual([byMonth.periods[0]?.revenue.mrrAtStart, byMonth.periods[0]?.revenue.mrrAtEnd, byMonth.periods[0]?.revenue.newCustomers], [300, 1300, 1000]);
    // April, as of now: 1300 -> 1700; c4 churned 300, c2 and c5 gained 700. Retention (3 - 2) / 2, churn
    // 1 / 2; revenue churn 300 / 1300 = 0.2308; NRR 1000 / 1300 = 0.7692; growth (1700 - 700 - 1300) / 1300.
    const april = {
      customers: { atStart: 2, atEnd: 3, gained: 2, lost: 1, retentionRate: 0.5, churnRate: 0.5 },
      revenue: {
        mrrAtStart: 1300, mrrAtEnd: 1700, expansion: 0, contraction: 0, churned: 300, gained: 700, newCustomers: 700,
        revenueChurnRate: 0.2308, grossRevenueRetention: 0.7692, netRevenueRetention: 0.7692, existingCustomerGrowthRate: -0.2308,
      },
    };
    assert.deepEqual({ customers: byMonth.periods[1]?.customers, revenue: byMonth.periods[1]?.revenue }, april);
    // The quarter that holds now moves the same way as its first month so far.
    const [q2] = (await metrics('from=2025-04-01&to=2025-06-30&interval=quarter', tenant)).periods;
    assert.deepEqual({ customers: q2?.customers, revenue: q2?.revenue }, april);
    // A range wholly ahead: every state is the one now, and nothing moves.
    const ahead = await metrics('from=2025-07-01&to=2025-08-31&interval=month', tenant);
    assert.deepEqual(ahead.periods.map((p) => [p.customers.atStart, p.customers.atEnd, p.customers.gained, p.customers.lost, p.revenue.mrrAtStart, p.revenue.mrrAtEnd]), [
      [3, 3, 0, 0, 1700, 1700],
      [3, 3, 0, 0, 1700, 1700],
    ]);
  });

  test('a subscription record corrected after it was sent leaves the figures of its old month and customer', async () => {
    const tenant = await createTenant(harness.sql, { name: 'Subscription corrections' });
    await send(harness.app, tenant.apiKey, '/v1/customers', [{ externalId: 'k1' }, { externalId: 'k2' }]);
    await send(harness.app, tenant.apiKey, '/v1/subscriptions', [{ externalId: 'ks1', customerId: 'k1', plan: 'p', mrr: 1000, startedAt: '2025-01-10T00:00:00Z' }]);
    const figures = async () =>
      (await metrics('from=2025-01-01&to=2025-02-28&interval=month', tenant)).periods.map((p) => [p.period, p.customers.gained, p.revenue.mrrAtEnd, p.revenue.newCustomers, p.acquisition.customersAcquired]);
    assert.deepEqual(await figures(), [['2025-01', 1, 1000, 1000, 1], ['2025-02', 0, 1000, 0, 0]]);
    // It was k2's, from February, at 1500: k1 was never a paying customer.
    await send(harness.app, tenant.apiKey, '/v1/subscriptions', [{ externalId: 'ks1', customerId: 'k2', plan: 'p', mrr: 1500, startedAt: '2025-02-03T00:00:00Z' }]);
    assert.deepEqual(await figures(), [['2025-01', 0, 0, 0, 0], ['2025-02', 1, 1500, 1500, 1]]);
  });

  test('by default: the current quarter and the three before it, the current one not complete', async () => {
    const result = await metrics('');
    assert.equal(result.interval, 'quarter');
    assert.deepEqual(result.periods.map((p) => [p.period, p.complete]), [['2024-Q3', true], ['2024-Q4', true], ['2025-Q1', true], ['2025-Q2', false]]);
    // The current quarter's end state is taken now (Apr 15): c1, c2, c4 at 23000, nothing moved since Apr 1.
    const current = result.periods[3];
    assert.deepEqual([current?.customers.atStart, current?.customers.atEnd, current?.revenue.mrrAtEnd], [3, 3, 23000]);
  });

  test('the query is validated, and the route takes an API key only', async () => {
    const bad = async (query: string) => (await get(harness.app, `/v1/metrics?${query}`, acme.apiKey)).statusCode;
    assert.equal(await bad('from=2025-03-01&to=2025-01-01'), 400);
    assert.equal(await bad('from=2010-01-01&to=2025-01-01'), 400);
    assert.equal(await bad('interval=week'), 400);
    assert.equal(await bad('segment=tier'), 400);
    assert.equal(await bad('from=2025-02-30'), 400);
    assert.equal(await bad('tenant=someone-else'), 400);
    assert.equal((await get(harness.app, '/v1/metrics')).statusCode, 401);
    const token = await mintToken(harness.app, acme.apiKey, 'c1');
    assert.equal((await get(harness.app, '/v1/metrics', token)).statusCode, 401);
  });

  test("another tenant's data never shows: Globex sees only its own customer", async () => {
    const result = await metrics('from=2025-01-01&to=2025-03-31&interval=quarter', globex);
    assert.equal(result.periods[0]?.customers.atStart, 1);
    assert.equal(result.periods[0]?.orders.keptOrders, 0);
    assert.equal(result.periods[0]?.nps.responses, 0);
  });

  test('each metric\'s definition is in the API reference', async () => {
    const document = (await get(harness.app, '/openapi.json')).json() as { paths: Record<string, unknown> };
    const text = JSON.stringify(document.paths['/v1/metrics']);
    for (const definition of ['(E - N) / S', 'lost / S', 'GRR', 'NRR', '% promoters - % detractors', 'CAC = spend / customersAcquired', 'top 20%', 'cumulative cohort revenue']) {
      assert.ok(text.includes(definition), definition);
    }
    assert.ok(document.paths['/v1/subscriptions'] && document.paths['/v1/nps'] && document.paths['/v1/acquisition-spend']);
  });
});
