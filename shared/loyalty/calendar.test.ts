import { test } from 'node:test';
import assert from 'node:assert/strict';
import { addMonths, completedYears, currencyDigits, dayOf, endOfMonth, isoDate, localDay } from './calendar.ts';
import { leavesWindowOn, valueChanges, valueOn, windowStart } from './window.ts';

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

test('valueChanges: each day the value moves, by how much, entering and leaving a 12-month window', () => {
  const shown = (changes: Array<{ day: number; delta: number }>) => changes.map(({ day, delta }) => `${isoDate(day)} ${delta}`);
  const contributions = [
    { day: d('2025-01-31'), value: 100 },
    { day: d('2025-03-10'), value: 50 },
    { day: d('2026-01-31'), value: 30 },
  ];
  const expected = ['2025-01-31 100', '2025-03-10 50', '2026-01-31 -70', '2026-03-10 -50', '2027-01-31 -30'];
  assert.deepEqual(shown(valueChanges(contributions, 12)), expected, 'one leaves on the day another enters: one change');
  assert.deepEqual(shown(valueChanges([...contributions].reverse(), 12)), expected, 'in any order');
  assert.deepEqual(
    shown(valueChanges([{ day: d('2024-02-29'), value: 10 }, { day: d('2024-03-01'), value: 5 }], 12)),
    ['2024-02-29 10', '2024-03-01 5', '2025-03-01 -15'],
    '2025 has no 29 February: both leave on 1 March',
  );
  assert.deepEqual(
    shown(valueChanges([{ day: d('2025-05-02'), value: 5 }, { day: d('2025-05-02'), value: 7 }, { day: d('2025-06-01'), value: 1 }], null)),
    ['2025-05-02 12', '2025-06-01 1'],
    'a lifetime window: nothing leaves',
  );
  assert.deepEqual(valueChanges([], 12), []);
});
