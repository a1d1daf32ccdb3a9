import { test } from 'node:test';
import assert from 'node:assert/strict';
import { addMonths, completedYears, currencyDigits, dayOf, endOfMonth, isoDate, localDay } from './calendar.ts';
import { leavesWindowOn, valueOn, windowStart } from './window.ts';

const d = dayOf;

test('addMonths: the same date n months later, or the 1st of the next month when that date does not exist', () => {
  assert.equal(isoDate(addMonths(d('2024-07-16'), 12)), '2025-07-16');
  assert.equal(isoDate(addMonths(d('2024-01-31'), 1)), '2024-03-01', '2024-02-31 does not exist');
  assert.equal(isoDate(addMonths(d('2024-02-29'), 12)), '2025-03-01', '2025 has no 29 February');
  assert.equal(isoDate(addMonths(d('2024-02-29'), 48)), '2028-02-29', '2028 does');
  assert.equal(isoDate(addMonths(d('2023-02-28'), 12)), '2024-02-28');
  assert.equal(isoDate(addMonths(d('2025-03-15'), -14)), '2024-01-15');
});

test('endOfMonth knows leap years', () => {
  assert.equal(isoDate(endOfMonth(d('2024-02-10'))), '2024-02-29');
  assert.equal(isoDate(endOfMonth(d('2023-02-10'))), '2023-02-28');
  assert.equal(isoDate(endOfMonth(d('2023-11-15'), 3)), '2024-02-29');
  assert.equal(isoDate(endOfMonth(d('2024-12-31'), 2)), '2025-02-28');
});

test("the tenant's time zone decides the calendar day of an instant", () => {
  const instant = '2025-06-30T13:00:00Z';
  assert.equal(isoDate(localDay(instant, 'Pacific/Auckland')), '2025-07-01');
  assert.equal(isoDate(localDay(instant, 'UTC')), '2025-06-30');
  assert.equal(isoDate(localDay(new Date('2025-01-01T02:00:00Z'), 'America/Los_Angeles')), '2024-12-31');
});

test('dayOf refuses dates the calendar does not have', () => {
  assert.throws(() => dayOf('2025-02-29'), /no such date/);
  assert.throws(() => dayOf('2025-2-1'), /YYYY-MM-DD/);
  assert.equal(isoDate(dayOf('2024-02-29')), '2024-02-29');
});

test('completedYears counts anniversaries', () => {
  assert.equal(completedYears(d('2024-02-29'), d('2025-02-28')), 0);
  assert.equal(completedYears(d('2024-02-29'), d('2025-03-01')), 1);
  assert.equal(completedYears(d('2020-07-15'), d('2025-07-14')), 4);
  assert.equal(completedYears(d('2020-07-15'), d('2025-07-15')), 5);
});

test('currency digits come from Intl', () => {
  assert.equal(currencyDigits('USD'), 2);
  assert.equal(currencyDigits('JPY'), 0);
  assert.equal(currencyDigits('KWD'), 3);
});

test('rolling 12 months: an order counts through the day before its date a year later (last day in, first day out)', () => {
  const orders = [{ day: d('2024-07-16'), value: 500 }];
  assert.equal(valueOn(orders, d('2025-07-15'), 12), 500, 'last day in');
  assert.equal(valueOn(orders, d('2025-07-16'), 12), 0, 'first day out');
  assert.equal(valueOn(orders, d('2024-07-15'), 12), 0, 'not before it was made');
  assert.equal(valueOn(orders, d('2030-01-01'), null), 500, 'lifetime never forgets');
  assert.equal(isoDate(windowStart(d('2025-07-15'), 12)), '2024-07-16');
});

test('rolling 12 months over a leap day', () => {
  const leapDay = [{ day: d('2024-02-29'), value: 100 }];
  assert.equal(valueOn(leapDay, d('2025-02-28'), 12), 100, 'counts through 28 February');
  assert.equal(valueOn(leapDay, d('2025-03-01'), 12), 0);
  assert.equal(isoDate(leavesWindowOn(d('2024-02-29'), 12)), '2025-03-01');
  assert.equal(isoDate(windowStart(d('2025-02-28'), 12)), '2024-02-29');
  assert.equal(isoDate(windowStart(d('2025-03-01'), 12)), '2024-03-02', '1 March 2024 left on 1 March 2025 too');
  assert.equal(isoDate(windowStart(d('2024-02-29'), 12)), '2023-03-01');
});
