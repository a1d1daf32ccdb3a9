import { test } from 'node:test';
import assert from 'node:assert/strict';
import { dayOf } from '../loyalty/calendar.ts';
import { allowedActions, awaiting, refusal } from './workflow.ts';
import { goalFraction, goalOutcome, orderGoalValue, type GoalOrder } from './progress.ts';

test('the party that did not make the latest proposal acts on it, and only while it is open', () => {
  const proposed = { status: 'proposed' as const, proposedBy: 'rep' as const };
  assert.equal(awaiting(proposed), 'customer');
  assert.deepEqual(allowedActions(proposed, 'customer'), ['accept', 'decline', 'counter']);
  assert.deepEqual(allowedActions(proposed, 'rep'), []);
  assert.equal(refusal(proposed, 'customer', 'accept'), null);
  assert.deepEqual([refusal(proposed, 'rep', 'accept')?.statusCode, refusal(proposed, 'rep', 'accept')?.code], [403, 'forbidden']);
  assert.match(refusal({ status: 'proposed', proposedBy: 'customer' }, 'customer', 'accept')?.message ?? '', /the customer made this proposal and cannot accept it/);
  assert.equal(refusal({ status: 'accepted', proposedBy: 'rep' }, 'customer', 'counter')?.code, 'goal_accepted');
  for (const status of ['declined', 'expired', 'achieved', 'missed'] as const) {
    assert.equal(refusal({ status, proposedBy: 'rep' }, 'customer', 'accept')?.code, 'goal_ended');
    assert.equal(awaiting({ status, proposedBy: 'rep' }), null);
  }
});

test('order goals count kept orders: spend over the rolling 12 months, orders from the start, products ever bought', () => {
  const day = (iso: string) => dayOf(iso);
  const orders: GoalOrder[] = [
    { day: day('2024-06-30'), amount: 1000, skus: ['A'] },
    { day: day('2024-07-16'), amount: 2000, skus: ['A', 'B'] },
    { day: day('2025-03-01'), amount: 500, skus: ['C'] },
  ];
  // On 2025-07-15 the order of 2024-06-30 has left the 12-month window; that of 2024-07-16 still counts.
  assert.equal(orderGoalValue('spend12m', orders, day('2025-07-15'), 0), 2500);
  assert.equal(orderGoalValue('spend12m', orders, day('2025-07-16'), 0), 500);
  assert.equal(orderGoalValue('orders', orders, day('2025-07-15'), day('2024-07-16')), 2);
  assert.equal(orderGoalValue('productsAdopted', orders, day('2025-02-28'), 0), 2);
  assert.equal(orderGoalValue('productsAdopted', orders, day('2025-03-01'), 0), 3);
  assert.deepEqual([goalFraction(2500, 10000), goalFraction(20000, 10000), goalOutcome(9999, 10000), goalOutcome(10000, 10000)], [0.25, 1, 'missed', 'achieved']);
});
