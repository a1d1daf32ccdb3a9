import { test } from 'node:test';
import assert from 'node:assert/strict';
import { bgNbdExpectedPurchases } from '../clv/bg-nbd.ts';
import { DAYS_PER_MONTH } from '../clv/predicted-value.ts';
import { dayOf } from './calendar.ts';
import { paceOf, projectReaching } from './projection.ts';

// CDNOW's published BG/NBD parameters (Fader, Hardie & Lee 2005), in weeks.
const params = { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 };
const today = dayOf('2025-07-15');

test('the pace is the BG/NBD conditional expectation of shared/clv at each month end, linear in between', () => {
  const row = { frequency: 4, recency: 30, T: 40 };
  const pace = paceOf({ params, row, spendPerPurchase: 5000 }, 24);
  for (const month of [1, 6, 12, 24]) {
    const days = month * DAYS_PER_MONTH;
    assert.equal(pace.expectedPurchases(days), bgNbdExpectedPurchases(params, days / 7, row));
  }
  const between = pace.expectedPurchases(1.5 * DAYS_PER_MONTH);
  assert.ok(between > pace.expectedPurchases(DAYS_PER_MONTH) && between < pace.expectedPurchases(2 * DAYS_PER_MONTH));
  assert.equal(pace.expectedPurchases(0), 0);
});

test('a frequent buyer reaches a target at their pace; the date moves later as the target grows', () => {
  const pace = paceOf({ params, row: { frequency: 20, recency: 39, T: 40 }, spendPerPurchase: 10_000 }, 24);
  const reach = (target: number) => projectReaching(pace, { target, perPurchase: 10_000, contributions: [], windowMonths: null }, today).reachedOn;
  const near = reach(50_000);
  const far = reach(150_000);
  assert.ok(near && far && near < far, `${near} before ${far}`);
});

test('out of reach at the current pace: no date, and the shortfall with the orders that would close it', () => {
  // A customer silent for most of a year: very few purchases expected.
  const pace = paceOf({ params, row: { frequency: 1, recency: 2, T: 52 }, spendPerPurchase: 4000 }, 24);
  const projection = projectReaching(pace, { target: 100_000, perPurchase: 4000, contributions: [{ day: today - 100, value: 20_000 }], windowMonths: 12 }, today);
  assert.equal(projection.reachedOn, null);
  assert.equal(projection.shortfall?.byDate, '2026-07-15');
  // On 2026-07-15 the order of 100 days ago has left the window: nearly all of 100,000 is missing.
  const missing = projection.shortfall?.amount ?? 0;
  assert.ok(missing > 95_000 && missing <= 100_000, String(missing));
  assert.equal(projection.shortfall?.ordersAtYourAverage, Math.ceil(missing / 4000));
});
