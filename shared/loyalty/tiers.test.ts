import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ProgramSchema, type ProgramInput } from '../schemas/program.ts';
import { dayOf, isoDate, localDay } from './calendar.ts';
import { evaluateCustomer, type CustomerLoyaltyInputs } from './evaluate.ts';
import { tierEndAfter, tierOn, tierRules, tierTimeline } from './tiers.ts';

const d = dayOf;

const TIERS: ProgramInput['tiers'] = [
  { id: 'member', name: 'Member', atLeast: 0 },
  { id: 'silver', name: 'Silver', atLeast: 1000, retention: { keepAtLeast: 800, graceMonths: 3 } },
  { id: 'gold', name: 'Gold', atLeast: 5000, retention: { keepAtLeast: 4000, graceMonths: 3 } },
];
const program = (overrides: Partial<ProgramInput> = {}) => ProgramSchema.parse({ tiers: TIERS, ...overrides });
const rules = tierRules(program().tiers);

function inputs(orders: Array<[string, number]>, extra: Partial<CustomerLoyaltyInputs> = {}): CustomerLoyaltyInputs {
  return {
    orders: orders.map(([date, amount], i) => ({ id: `o${i + 1}`, day: d(date), amount })),
    productFirstDays: [],
    firstNpsAnswerDay: null,
    custom: new Map(),
    redemptions: [],
    override: null,
    score: null,
    ...extra,
  };
}

function evaluate(input: CustomerLoyaltyInputs, asOf: string, options: { timeZone?: string; program?: ReturnType<typeof program> } = {}) {
  return evaluateCustomer(input, {
    program: options.program ?? program(),
    programVersion: 1,
    timeZone: options.timeZone ?? 'UTC',
    currency: 'USD',
    asOf: new Date(`${asOf}T12:00:00Z`),
  }).loyalty;
}

describe('tier qualification', () => {
  test('a tier is reached at exactly its threshold, not one unit below', () => {
    assert.equal(evaluate(inputs([['2025-01-10', 999]]), '2025-02-01').tier.current.id, 'member');
    assert.equal(evaluate(inputs([['2025-01-10', 1000]]), '2025-02-01').tier.current.id, 'silver');
    const gold = evaluate(inputs([['2025-01-10', 1000], ['2025-01-20', 4000]]), '2025-02-01');
    assert.equal(gold.tier.current.id, 'gold');
    assert.equal(gold.tier.since, '2025-01-20');
    assert.deepEqual(gold.tier.qualifying, {
      metric: 'spend', window: 'rolling-12-months', value: 5000, from: '2024-02-02', through: '2025-02-01',
      computedTier: { id: 'gold', name: 'Gold', since: '2025-01-20' },
    });
  });

  test('the next tier says the exact amount still needed and the progress between the two thresholds', () => {
    const silver = evaluate(inputs([['2025-01-10', 2000]]), '2025-02-01');
    assert.equal(silver.tier.next?.tier.id, 'gold');
    assert.equal(silver.tier.next?.amountNeeded, 3000);
    assert.equal(silver.tier.next?.fraction, (2000 - 1000) / (5000 - 1000));
    assert.equal(evaluate(inputs([['2025-01-10', 6000]]), '2025-02-01').tier.next, null, 'no tier above the top one');
  });

  test('orders and points earned can qualify instead of spend, never the points balance', () => {
    const byOrders = program({ qualification: { metric: 'orders' }, tiers: [{ id: 'm', name: 'M', atLeast: 0 }, { id: 'regular', name: 'Regular', atLeast: 3 }] });
    const three = inputs([['2025-01-01', 1], ['2025-01-02', 1], ['2025-01-03', 1]]);
    assert.equal(evaluate(three, '2025-02-01', { program: byOrders }).tier.current.id, 'regular');
    const byPoints = program({ qualification: { metric: 'points-earned' }, tiers: [{ id: 'm', name: 'M', atLeast: 0 }, { id: 'star', name: 'Star', atLeast: 50 }] });
    // 49.99 and 0.01 earn 49 + 0 points (rounded down per order): not yet.
    assert.equal(evaluate(inputs([['2025-01-01', 4999], ['2025-01-02', 1]]), '2025-02-01', { program: byPoints }).tier.current.id, 'm');
    assert.equal(evaluate(inputs([['2025-01-01', 5000]]), '2025-02-01', { program: byPoints }).tier.current.id, 'star');
  });
});

describe('retention with grace, expiry and downgrade on boundary dates', () => {
  // Gold reached on 2024-03-10 (5,000); that order leaves the window on 2025-03-10, the value falls to
  // 1,000 (< 4,000 to keep Gold): grace to the end of June (March + 3 months); Silver from 1 July.
  const history: Array<[string, number]> = [['2024-03-10', 5000], ['2024-09-10', 1000]];

  test('last day in, first day out', () => {
    assert.equal(evaluate(inputs(history), '2025-03-09').tier.retention.status, 'kept');
    const inGrace = evaluate(inputs(history), '2025-03-10');
    assert.equal(inGrace.tier.current.id, 'gold');
    assert.equal(inGrace.tier.retention.status, 'in-grace');
    assert.equal(inGrace.tier.retention.fellBelowOn, '2025-03-10');
    assert.equal(inGrace.tier.retention.keptThrough, '2025-06-30');
    assert.equal(inGrace.tier.retention.expiresOn, '2025-07-01');
    assert.deepEqual(inGrace.tier.retention.tierAfter, { id: 'silver', name: 'Silver' });
    // Needs 4,000 in the window on 30 June; 1,000 (the September order) is still there then.
    assert.equal(inGrace.tier.retention.valueOnKeptThrough, 1000);
    assert.equal(inGrace.tier.retention.amountToKeep, 3000);
    assert.equal(evaluate(inputs(history), '2025-06-30').tier.current.id, 'gold', 'last day of grace');
    const after = evaluate(inputs(history), '2025-07-01');
    assert.equal(after.tier.current.id, 'silver', 'first day after grace');
    assert.equal(after.tier.since, '2025-07-01');
    assert.deepEqual(after.tier.history.slice(0, 2).map((event) => [event.date, event.kind, event.tierId]), [
      ['2025-07-01', 'lost', 'silver'],
      ['2025-03-10', 'fell-below', 'gold'],
    ]);
  });

  test('spending the amount to keep on the last day of grace keeps the tier; a day later is too late', () => {
    const lastDay = evaluate(inputs([...history, ['2025-06-30', 3000]]), '2025-07-15');
    assert.equal(lastDay.tier.current.id, 'gold');
    assert.equal(lastDay.tier.history[0]?.kind, 'recovered');
    const dayLate = evaluate(inputs([...history, ['2025-07-01', 3000]]), '2025-07-15');
    assert.equal(dayLate.tier.current.id, 'silver', '4,000 keeps Gold but does not reach it again (5,000)');
  });

  test('with no new orders, the tier still held says when it ends', () => {
    const kept = evaluate(inputs(history), '2025-01-15');
    assert.equal(kept.tier.retention.status, 'kept');
    assert.equal(kept.tier.retention.fallsBelowOn, '2025-03-10');
    assert.equal(kept.tier.retention.keptThrough, '2025-06-30');
    assert.equal(kept.tier.retention.amountToKeep, 3000);
    assert.equal(kept.tier.retention.atYourPace, null, 'no model, no pace');
  });

  test('a grace that ends in February ends on the 29th in a leap year', () => {
    // Falls below in November 2023: three months of grace run to the end of February 2024.
    const events = tierTimeline(rules, [{ day: d('2022-11-20'), value: 5000 }], 12);
    const end = tierEndAfter(events, d('2023-11-20'));
    assert.ok(end);
    assert.equal(isoDate(end.fallsBelowOn), '2023-11-20');
    assert.equal(isoDate(end.expiresOn - 1), '2024-02-29');
    assert.equal(tierOn(events, d('2024-02-29')).rank, 2);
    assert.equal(tierOn(events, d('2024-03-01')).rank, 0, 'nothing left in the window: back to the first tier');
    const common = tierEndAfter(tierTimeline(rules, [{ day: d('2021-11-20'), value: 5000 }], 12), d('2022-11-20'));
    assert.equal(isoDate((common?.expiresOn ?? 0) - 1), '2023-02-28');
  });

  test("the tenant's time zone decides the day of an order, and so which month's grace it counts in", () => {
    // Gold (5,000 on 2024-06-15) falls below on 2025-06-15, grace 0 months: kept through 30 June.
    // 4,500 more at 2025-06-30T13:00Z keeps Gold in UTC (30 June) but not in Auckland (1 July there).
    const zeroGrace = program({
      tiers: [{ id: 'member', name: 'Member', atLeast: 0 }, { id: 'gold', name: 'Gold', atLeast: 5000, retention: { keepAtLeast: 4000, graceMonths: 0 } }],
    });
    const at = (timeZone: string) =>
      inputs([], {
        orders: [
          { id: 'first', day: localDay('2024-06-15T00:00:00Z', timeZone), amount: 5000 },
          { id: 'late', day: localDay('2025-06-30T13:00:00Z', timeZone), amount: 4500 },
        ],
      });
    assert.equal(evaluate(at('UTC'), '2025-07-05', { program: zeroGrace, timeZone: 'UTC' }).tier.current.id, 'gold');
    const auckland = evaluate(at('Pacific/Auckland'), '2025-07-05', { program: zeroGrace, timeZone: 'Pacific/Auckland' });
    assert.equal(auckland.tier.current.id, 'member');
    assert.deepEqual([auckland.tier.history[0]?.kind, auckland.tier.history[0]?.date], ['lost', '2025-07-01'], 'lost on 1 July, Auckland time');
  });

  test('the end of the month is the end of the month in the tenant time zone', () => {
    // An order at 2024-03-31T12:00Z is 31 March in UTC but 1 April in Auckland: it leaves the window a day
    // later there, the fall happens in April instead of March, and the grace ends a month later.
    const instant = '2024-03-31T12:00:00Z';
    const keptThrough = (timeZone: string) =>
      evaluate(inputs([], { orders: [{ id: 'o', day: localDay(instant, timeZone), amount: 5000 }] }), '2025-01-10', { timeZone }).tier.retention.keptThrough;
    assert.equal(keptThrough('UTC'), '2025-06-30');
    assert.equal(keptThrough('Pacific/Auckland'), '2025-07-31');
  });

  test('a loss lands on the highest lower tier whose keep amount the value meets', () => {
    // Gold from 6,000; the 5,100 leaves and 900 stays: under Gold's 4,000, over Silver's 800 to keep.
    const landed = evaluate(inputs([['2024-01-05', 5100], ['2024-06-01', 900]]), '2025-05-15');
    assert.equal(landed.tier.current.id, 'silver');
    assert.equal(landed.tier.history[0]?.kind, 'lost');
    assert.equal(landed.tier.history[0]?.date, '2025-05-01');
  });

  test('lifetime spend never expires', () => {
    const lifetime = program({ qualification: { window: 'lifetime' } });
    const result = evaluate(inputs([['2015-01-01', 6000]]), '2025-01-01', { program: lifetime });
    assert.equal(result.tier.current.id, 'gold');
    assert.equal(result.tier.retention.status, 'never-expires');
    assert.equal(result.tier.retention.keptThrough, null);
    assert.equal(result.tier.qualifying.from, '2015-01-01');
  });
});

describe('refunds, overrides, redemptions', () => {
  test('refunds reduce qualifying spend: a refunded order is not a contribution, so what it reached is taken back', () => {
    // The server passes kept orders only; refunding the 4,000 leaves 1,000.
    const before = evaluate(inputs([['2025-01-10', 1000], ['2025-01-20', 4000]]), '2025-02-01');
    const after = evaluate(inputs([['2025-01-10', 1000]]), '2025-02-01');
    assert.equal(before.tier.current.id, 'gold');
    assert.equal(after.tier.current.id, 'silver');
    assert.equal(after.tier.qualifying.value, 1000);
    assert.equal(after.tier.history.some((event) => event.tierId === 'gold'), false, 'no trace of a Gold reached with refunded money');
  });

  test('a tier set by hand is an override with an end date, not a silent floor', () => {
    const override = { tierId: 'gold', endsOn: d('2025-03-31'), reason: 'status match', setAt: '2025-01-15T09:00:00.000Z' };
    const during = evaluate(inputs([['2025-01-10', 1000]], { override }), '2025-03-31');
    assert.equal(during.tier.current.id, 'gold');
    assert.equal(during.tier.source, 'override');
    assert.equal(during.tier.since, '2025-01-15');
    assert.deepEqual(during.tier.override, { tierId: 'gold', tierName: 'Gold', endsOn: '2025-03-31', reason: 'status match', setAt: '2025-01-15T09:00:00.000Z' });
    assert.equal(during.tier.qualifying.computedTier.id, 'silver', 'the data says Silver all along');
    assert.equal(during.tier.retention.status, 'override');
    assert.equal(during.tier.retention.keptThrough, '2025-03-31');
    assert.equal(during.tier.retention.amountToKeep, 4000, 'reach Gold (5,000) by the end date to keep it');
    assert.deepEqual(during.tier.retention.tierAfter, { id: 'silver', name: 'Silver' });
    assert.equal(during.tier.next?.tier.id, undefined, 'nothing above Gold');
    const after = evaluate(inputs([['2025-01-10', 1000]], { override }), '2025-04-01');
    assert.equal(after.tier.current.id, 'silver', 'the day after the end date the data decides');
    assert.equal(after.tier.source, 'qualified');
    assert.equal(after.tier.override, null);
  });

  test('redeeming points does not change the tier, even when tiers count points', () => {
    const byPoints = program({
      qualification: { metric: 'points-earned' },
      tiers: [{ id: 'm', name: 'M', atLeast: 0 }, { id: 'star', name: 'Star', atLeast: 100, retention: { graceMonths: 0 } }],
    });
    const orders: Array<[string, number]> = [['2025-01-10', 15000]];
    const plain = evaluate(inputs(orders), '2025-02-01', { program: byPoints });
    const redeemed = evaluate(inputs(orders, { redemptions: [{ id: 'r1', day: d('2025-01-20'), points: 140, note: null }] }), '2025-02-01', { program: byPoints });
    assert.equal(plain.points.balance, 150);
    assert.equal(redeemed.points.balance, 10);
    assert.equal(redeemed.tier.current.id, 'star');
    assert.deepEqual(redeemed.tier, plain.tier);
  });
});
