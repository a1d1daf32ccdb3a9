import { test } from 'node:test';
import assert from 'node:assert/strict';
import { dayOf, isoDate } from './calendar.ts';
import { orderPoints, pointsLedger, pointsUsableThrough } from './points.ts';

const d = dayOf;
const USD = { earnPerCurrencyUnit: 1, expiryMonths: 12, minorPerUnit: 100 };

test('points per whole currency unit, rounded down per order', () => {
  assert.equal(orderPoints(12999, USD), 129);
  assert.equal(orderPoints(99, USD), 0);
  assert.equal(orderPoints(12999, { ...USD, earnPerCurrencyUnit: 1.1 }), 142, '142.989 is 142, not 143 nor 141 from binary rounding');
  assert.equal(orderPoints(1000, { earnPerCurrencyUnit: 0.5, expiryMonths: null, minorPerUnit: 1 }), 500, 'JPY has no minor unit');
});

test('points are usable to the end of the month, expiryMonths after the month they were earned', () => {
  assert.equal(isoDate(pointsUsableThrough(d('2024-01-15'), 12)), '2025-01-31');
  assert.equal(isoDate(pointsUsableThrough(d('2023-02-03'), 12)), '2024-02-29');
  assert.equal(pointsUsableThrough(d('2024-01-15'), null), Number.POSITIVE_INFINITY);
});

test('the ledger: earned on orders and milestones, redeemed oldest first, expired with a reason, balance after each entry', () => {
  const ledger = pointsLedger(
    {
      orders: [
        { id: 'o1', day: d('2024-01-15'), amount: 10000 },
        { id: 'o2', day: d('2024-06-01'), amount: 5000 },
      ],
      milestones: [{ id: 'first-order', day: d('2024-01-15'), points: 20 }],
      redemptions: [{ id: 'r1', day: d('2024-07-01'), points: 110, note: 'voucher' }],
    },
    USD,
    d('2025-03-01'),
  );
  // Lots: 100 (o1) and 20 (milestone) usable through 2025-01-31, 50 (o2) through 2025-06-30. The
  // redemption of 110 takes the 100, then 10 of the 20: 10 expire on 2025-02-01.
  assert.deepEqual(
    ledger.entries.map((entry) => [entry.id, entry.date, entry.kind, entry.points, entry.balance]),
    [
      ['milestone:first-order', '2024-01-15', 'earned', 20, 20],
      ['order:o1', '2024-01-15', 'earned', 100, 120],
      ['order:o2', '2024-06-01', 'earned', 50, 170],
      ['redemption:r1', '2024-07-01', 'redeemed', -110, 60],
      ['expiry:2025-02-01', '2025-02-01', 'expired', -10, 50],
    ],
  );
  assert.deepEqual(ledger.entries[1]?.reason, { code: 'order', ref: 'o1', amount: 10000 });
  assert.deepEqual(ledger.entries[3]?.reason, { code: 'redemption', ref: 'r1', note: 'voucher' });
  assert.deepEqual([ledger.balance, ledger.earned, ledger.redeemed, ledger.expired], [50, 170, 110, 10]);
  assert.deepEqual(ledger.nextExpiry, { points: 50, usableThrough: d('2025-06-30') });
});

test('the last day points are usable they still count; the day after they are gone', () => {
  const inputs = { orders: [{ id: 'o1', day: d('2024-01-15'), amount: 10000 }], milestones: [], redemptions: [] };
  assert.equal(pointsLedger(inputs, USD, d('2025-01-31')).balance, 100);
  assert.equal(pointsLedger(inputs, USD, d('2025-02-01')).balance, 0);
});

test('a redemption beyond the balance (points of a refunded order already spent) is owed, and paid by the next points', () => {
  const ledger = pointsLedger(
    {
      orders: [{ id: 'o2', day: d('2024-05-01'), amount: 3000 }],
      milestones: [],
      redemptions: [{ id: 'r1', day: d('2024-04-01'), points: 50, note: null }],
    },
    USD,
    d('2026-01-01'),
  );
  // -50, then +30 pays 30 of what is owed: nothing is left to expire.
  assert.equal(ledger.balance, -20);
  assert.equal(ledger.expired, 0);
  assert.equal(ledger.nextExpiry, null);
});
