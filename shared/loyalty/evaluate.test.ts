import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ProgramSchema, type ProgramInput } from '../schemas/program.ts';
import { dayOf } from './calendar.ts';
import { defaultProgram } from './defaults.ts';
import { loyaltyFor } from './disclosure.ts';
import { evaluateCustomer, type CustomerLoyaltyInputs } from './evaluate.ts';

const d = dayOf;
const AS_OF = new Date('2025-07-15T12:00:00Z');

const base: CustomerLoyaltyInputs = {
  orders: [],
  productFirstDays: [],
  firstNpsAnswerDay: null,
  custom: new Map(),
  redemptions: [],
  override: null,
  score: null,
};

function evaluate(inputs: Partial<CustomerLoyaltyInputs>, program = defaultProgram('USD'), asOf = AS_OF) {
  return evaluateCustomer({ ...base, ...inputs }, { program, programVersion: 3, timeZone: 'UTC', currency: 'USD', asOf }).loyalty;
}

const orders = (...list: Array<[string, number]>) => list.map(([date, amount], i) => ({ id: `o${i + 1}`, day: d(date), amount }));

describe('milestones', () => {
  const program = ProgramSchema.parse({
    tiers: [{ id: 'member', name: 'Member', atLeast: 0 }],
    milestones: [
      { id: 'one-year', name: 'One year', kind: 'tenure-years', target: 1, points: 10 },
      { id: 'three-orders', name: 'Three orders', kind: 'orders', target: 3, points: 20 },
      { id: 'spend', name: '500 spent', kind: 'lifetime-spend', target: 50_000 },
      { id: 'products', name: 'Two products', kind: 'products', target: 2 },
      { id: 'nps', name: 'First NPS answer', kind: 'first-nps-answer' },
      { id: 'onboarding', name: 'Onboarding done', kind: 'custom', target: 5 },
    ],
  } satisfies ProgramInput);

  test('each milestone has its progress and the day it was reached; its points land in the ledger that day', () => {
    const loyalty = evaluate(
      {
        orders: orders(['2024-02-29', 20_000], ['2024-08-01', 20_000], ['2025-03-01', 20_000]),
        productFirstDays: [d('2024-02-29')],
        firstNpsAnswerDay: d('2025-05-05'),
        custom: new Map([['onboarding', { reachedDay: null, progress: 3 }]]),
      },
      program,
    );
    const byId = new Map(loyalty.milestones.map((m) => [m.id, m]));
    // One year after 2024-02-29 is 2025-03-01 (2025 has no 29 February).
    assert.deepEqual([byId.get('one-year')?.reached, byId.get('one-year')?.reachedOn], [true, '2025-03-01']);
    assert.deepEqual([byId.get('three-orders')?.current, byId.get('three-orders')?.reachedOn], [3, '2025-03-01']);
    assert.deepEqual([byId.get('spend')?.current, byId.get('spend')?.reachedOn], [60_000, '2025-03-01']);
    assert.deepEqual([byId.get('products')?.current, byId.get('products')?.reached, byId.get('products')?.fraction], [1, false, 0.5]);
    assert.equal(byId.get('nps')?.reachedOn, '2025-05-05');
    assert.deepEqual([byId.get('onboarding')?.current, byId.get('onboarding')?.reached, byId.get('onboarding')?.fraction], [3, false, 0.6]);
    const earned = loyalty.points.entries.filter((entry) => entry.reason.code === 'milestone').map((entry) => [entry.reason.ref, entry.date, entry.points]);
    assert.deepEqual(earned.sort(), [['one-year', '2025-03-01', 10], ['three-orders', '2025-03-01', 20]]);
  });

  test('an unreached tenure milestone is projected on the calendar, whatever the pace', () => {
    const loyalty = evaluate({ orders: orders(['2025-01-10', 100]) }, program);
    const oneYear = loyalty.milestones.find((m) => m.id === 'one-year');
    assert.deepEqual(oneYear?.projection, { reachedOn: '2026-01-10', basis: 'calendar', shortfall: null });
    assert.equal(loyalty.milestones.find((m) => m.id === 'spend')?.projection, null, 'no model: no pace');
  });
});

describe('rewards', () => {
  test('status benefits of the tier are active; the next tier\'s are locked with the amount that unlocks them', () => {
    const loyalty = evaluate({ orders: orders(['2025-05-01', 150_000]) });
    const byId = new Map(loyalty.rewards.map((r) => [r.id, r]));
    assert.equal(loyalty.tier.current.id, 'silver');
    assert.deepEqual([byId.get('silver-discount')?.status, byId.get('silver-discount')?.terms], ['active', { percent: 5 }]);
    assert.deepEqual(byId.get('gold-discount')?.missing, [{ type: 'tier', tierId: 'gold', tierName: 'Gold', amountNeeded: 350_000 }]);
    // Cashback needs Platinum and 20,000 of spend in 12 months: both are listed.
    assert.deepEqual(byId.get('cashback')?.missing.map((m) => m.type), ['tier', 'rolling-12-month-spend']);
    // 1,500 points from the order + 100 for the first order: not enough for the 2,500-point voucher.
    assert.deepEqual(byId.get('loyal-voucher')?.missing, [{ type: 'points', pointsCost: 2500, balance: 1600, pointsNeeded: 900 }]);
    assert.equal(byId.get('loyal-voucher')?.spendable, true);
  });

  test('a points reward the customer qualifies for and can afford is redeemable', () => {
    const loyalty = evaluate({ orders: orders(['2025-05-01', 300_000]) });
    assert.equal(loyalty.rewards.find((r) => r.id === 'loyal-voucher')?.status, 'redeemable');
  });
});

describe('pace and disclosure', () => {
  const score = {
    params: { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 },
    row: { frequency: 12, recency: 50, T: 51 },
    scoredOn: d('2025-07-01'),
    spendPerPurchase: 60_000,
    probabilityAlive: 0.93,
    computedAt: '2025-07-01T00:00:00.000Z',
  };

  test('with a model, the next tier and the keep amount are projected at the customer\'s pace', () => {
    // About 7.8 purchases of 600 expected in 12 months: Gold (5,000) is within reach, Platinum (20,000) is not.
    const silver = evaluate({ orders: orders(['2025-06-20', 150_000]), score });
    assert.equal(silver.tier.current.id, 'silver');
    assert.equal(silver.pace.available, true);
    assert.equal(silver.pace.spendPerPurchase, 60_000);
    const reachedOn = silver.tier.next?.projection?.reachedOn;
    assert.ok(reachedOn && reachedOn > '2025-07-15' && reachedOn < '2026-07-15', `Gold at this pace on ${reachedOn}`);
    assert.equal(silver.tier.retention.atYourPace?.keeps, true);
    const gold = evaluate({ orders: orders(['2024-09-01', 200_000], ['2025-06-20', 400_000]), score });
    const platinum = gold.tier.next?.projection;
    assert.equal(platinum?.reachedOn, null, 'not at the current pace');
    assert.equal(platinum?.shortfall?.byDate, '2026-07-15');
    assert.equal(platinum?.shortfall?.ordersAtYourAverage, Math.ceil((platinum?.shortfall?.amount ?? 0) / 60_000));
  });

  test('customers see only what the vendor discloses; the vendor sees everything', () => {
    const loyalty = evaluate({ orders: orders(['2025-06-20', 1000]), score });
    assert.ok(loyalty.lifecycle, 'computed for everyone');
    const shown = loyaltyFor(loyalty, { probabilityAlive: true, lifecycleStage: false }, 'customer');
    assert.equal('lifecycle' in shown, false);
    assert.equal(shown.pace.probabilityAlive, 0.93);
    const hidden = loyaltyFor(loyalty, { probabilityAlive: false, lifecycleStage: true }, 'customer');
    assert.equal('probabilityAlive' in hidden.pace, false);
    assert.equal(hidden.lifecycle?.stage, loyalty.lifecycle?.stage);
    assert.equal(hidden.lifecycle && 'probabilityAlive' in hidden.lifecycle.inputs, false);
    assert.deepEqual(loyaltyFor(loyalty, { probabilityAlive: false, lifecycleStage: false }, 'vendor'), loyalty);
  });

  test('the same inputs and day give the same answer (the evaluation is deterministic)', () => {
    const inputs = { orders: orders(['2024-09-01', 200_000], ['2025-06-20', 400_000]), score };
    assert.deepEqual(evaluate(inputs), evaluate(inputs));
  });
});
