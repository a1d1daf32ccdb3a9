import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ProgramSchema } from '../schemas/program.ts';
import { dayOf } from './calendar.ts';
import { lifecycleStage, type LifecycleFacts } from './lifecycle.ts';

const settings = ProgramSchema.parse({ tiers: [{ id: 'member', name: 'Member', atLeast: 0 }] }).lifecycle;
const today = dayOf('2025-07-15');
const daysAgo = (...days: number[]) => days.map((n) => today - n).sort((a, b) => a - b);
const facts = (overrides: Partial<LifecycleFacts>): LifecycleFacts => ({
  purchaseDays: [],
  spendLast12Months: 0,
  spendPrevious12Months: 0,
  probabilityAlive: null,
  repeatPurchases: null,
  ...overrides,
});
const stage = (overrides: Partial<LifecycleFacts>) => {
  const result = lifecycleStage(facts(overrides), settings, today);
  return [result.stage, result.rule];
};

test('no order yet, and the first days after it, are acquisition', () => {
  assert.deepEqual(stage({}), ['acquisition', 'no-orders-yet']);
  assert.deepEqual(stage({ purchaseDays: daysAgo(30), spendLast12Months: 100 }), ['acquisition', 'acquisition-first-days']);
});

test('P(alive) decides lapsed and churn risk once the model has a repeat purchase to go on', () => {
  const repeat = { purchaseDays: daysAgo(400, 200), spendLast12Months: 100, spendPrevious12Months: 100, repeatPurchases: 1 };
  assert.deepEqual(stage({ ...repeat, probabilityAlive: 0.1 }), ['lapsed', 'lapsed-probability-alive']);
  assert.deepEqual(stage({ ...repeat, probabilityAlive: 0.4 }), ['churn-risk', 'churn-risk-probability-alive']);
  assert.deepEqual(stage({ ...repeat, probabilityAlive: 0.9 }), ['maturity', 'maturity-spend-steady'], '200 days of silence are normal for this customer');
});

test('without a model, or with one purchase only (BG/NBD says P(alive) = 1), days since the last order decide', () => {
  assert.deepEqual(stage({ purchaseDays: daysAgo(500), probabilityAlive: 1, repeatPurchases: 0 }), ['lapsed', 'lapsed-days-without-order']);
  assert.deepEqual(stage({ purchaseDays: daysAgo(500, 200) }), ['churn-risk', 'churn-risk-days-without-order']);
});

test('a lapsed customer who returns is won back, not new, and grows or matures afterwards', () => {
  const returned = { purchaseDays: daysAgo(900, 800, 30), spendLast12Months: 500, spendPrevious12Months: 0 };
  const result = lifecycleStage(facts(returned), settings, today);
  assert.equal(result.stage, 'won-back');
  assert.deepEqual(result.inputs.returnedAfterGap, { returnedOn: '2025-06-15', gapDays: 770 });
  const later = lifecycleStage(facts(returned), settings, today + 200);
  assert.notEqual(later.stage, 'won-back', `won back for ${settings.wonBackForDays} days only`);
});

test('the trend of spend separates growth, maturity and maintenance', () => {
  const base = { purchaseDays: daysAgo(700, 300, 10) };
  assert.deepEqual(stage({ ...base, spendLast12Months: 1300, spendPrevious12Months: 1000 }), ['growth', 'growth-spend-rising']);
  assert.deepEqual(stage({ ...base, spendLast12Months: 1000, spendPrevious12Months: 1000 }), ['maturity', 'maturity-spend-steady']);
  assert.deepEqual(stage({ ...base, spendLast12Months: 700, spendPrevious12Months: 1000 }), ['maintenance', 'maintenance-spend-falling']);
  assert.deepEqual(stage({ purchaseDays: daysAgo(200, 10), spendLast12Months: 700 }), ['growth', 'growth-first-year']);
  const inputs = lifecycleStage(facts({ ...base, spendLast12Months: 700, spendPrevious12Months: 1000 }), settings, today).inputs;
  assert.equal(inputs.trend, 0.7);
  assert.equal(inputs.tenureDays, 700);
  assert.equal(inputs.daysSinceLastOrder, 10);
});
