import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { calendarDayNumber, rfmFromPurchaseDays, rfmSummary, type Transaction } from './rfm.ts';
import { CDNOW_DIRECTORY, loadCdnowSummaryWithSpend, loadCdnowTransactions } from './testing/cdnow.ts';

describe('rfmSummary over CDNOW_sample.txt (observation end 1997-09-30, weeks)', () => {
  it('reads the data from the shared folder next to the repository, not the repository\'s own shared/', () => {
    const repositoryRoot = fileURLToPath(new URL('../../', import.meta.url));
    assert.equal(CDNOW_DIRECTORY, path.join(path.dirname(repositoryRoot), 'shared', 'data', 'cdnow') + path.sep);
    assert.ok(existsSync(path.join(CDNOW_DIRECTORY, 'CDNOW_sample.txt')), `no CDNOW data in ${CDNOW_DIRECTORY}`);
  });

  it('reproduces frequency, recency, T and zbar of every one of the 2,357 customers to the files\' 2 decimals', () => {
    const summary = rfmSummary(loadCdnowTransactions(), { observationEnd: '1997-09-30' });
    const published = loadCdnowSummaryWithSpend();
    assert.equal(summary.length, 2357);
    assert.equal(published.length, 2357);
    const byId = new Map(summary.map((row) => [row.customerId, row]));
    // The files are rounded to 2 decimals: a value is reproduced when it is within half a cent (plus
    // floating-point slack for values such as 22.345, stored as 22.344999...).
    const tolerance = 0.005 + 1e-9;
    for (const expected of published) {
      const row = byId.get(expected.id);
      assert.ok(row, `customer ${expected.id} missing`);
      assert.equal(row.frequency, expected.frequency, `frequency of customer ${expected.id}`);
      assert.ok(Math.abs(row.recency - expected.recency) <= tolerance, `recency of ${expected.id}: ${row.recency} vs ${expected.recency}`);
      assert.ok(Math.abs(row.T - expected.T) <= tolerance, `T of ${expected.id}: ${row.T} vs ${expected.T}`);
      assert.ok(
        Math.abs(row.monetaryValue - expected.monetaryValue) <= tolerance,
        `zbar of ${expected.id}: ${row.monetaryValue} vs ${expected.monetaryValue}`,
      );
    }
  });

  it('leaves out the purchases after the calibration period (customer 1 bought again on 1997-12-12)', () => {
    const customer1 = loadCdnowTransactions().filter((t) => t.customerId === '1');
    assert.equal(customer1.length, 4);
    const [row] = rfmSummary(customer1, { observationEnd: '1997-09-30' });
    assert.deepEqual(row && { frequency: row.frequency, recency: row.recency.toFixed(2), T: row.T.toFixed(2) }, {
      frequency: 2,
      recency: '30.43',
      T: '38.86',
    });
  });
});

describe('rfmSummary rules', () => {
  const tx = (customerId: string, occurredAt: string | Date, amount: number): Transaction => ({ customerId, occurredAt, amount });

  it('collapses purchases on the same calendar day into one purchase of their summed amount', () => {
    const [row] = rfmSummary(
      [tx('a', '2024-01-01', 10), tx('a', '2024-01-08T09:00:00Z', 5), tx('a', '2024-01-08T17:00:00Z', 7), tx('a', '2024-01-15', 30)],
      { observationEnd: '2024-01-29' },
    );
    assert.deepEqual(row, { customerId: 'a', frequency: 2, recency: 2, T: 4, monetaryValue: (12 + 30) / 2 });
  });

  it('counts a purchase on the observation end day, leaves out later ones and customers who start later', () => {
    const rows = rfmSummary(
      [tx('a', '2024-01-01', 10), tx('a', '2024-01-15', 20), tx('a', '2024-01-16', 99), tx('b', '2024-02-01', 5), tx('c', '2024-01-15', 1)],
      { observationEnd: '2024-01-15', periodDays: 1 },
    );
    assert.deepEqual(rows, [
      { customerId: 'a', frequency: 1, recency: 14, T: 14, monetaryValue: 20 },
      { customerId: 'c', frequency: 0, recency: 0, T: 0, monetaryValue: 0 },
    ]);
  });

  it('places instants on the tenant\'s calendar: 02:00 UTC on 1 March is still 29 February in New York', () => {
    const transactions = [tx('a', '2024-02-29T12:00:00-05:00', 10), tx('a', '2024-03-01T02:00:00Z', 5), tx('a', new Date('2024-03-07T15:00:00Z'), 8)];
    const [newYork] = rfmSummary(transactions, { observationEnd: '2024-03-07', timeZone: 'America/New_York', periodDays: 1 });
    assert.deepEqual(newYork, { customerId: 'a', frequency: 1, recency: 7, T: 7, monetaryValue: 8 });
    const [utc] = rfmSummary(transactions, { observationEnd: '2024-03-07', periodDays: 1 });
    assert.deepEqual(utc, { customerId: 'a', frequency: 2, recency: 7, T: 7, monetaryValue: (5 + 8) / 2 });
  });

  it('measures ages in calendar days, so a daylight-saving week is still exactly one week', () => {
    // New York moved its clocks forward on 2024-03-10: noon to noon across it is 167 hours.
    const [row] = rfmSummary([tx('a', '2024-03-04T12:00:00-05:00', 1), tx('a', '2024-03-11T12:00:00-04:00', 1)], {
      observationEnd: new Date('2024-03-18T16:00:00Z'),
      timeZone: 'America/New_York',
    });
    assert.equal(row?.recency, 1);
    assert.equal(row?.T, 2);
  });

  it('reads a date or a date-time without offset as the tenant\'s own calendar day and wall clock', () => {
    const [row] = rfmSummary([tx('a', '2024-06-01', 1), tx('a', '2024-06-02T23:30', 1)], {
      observationEnd: '2024-06-03',
      timeZone: 'Asia/Tokyo',
      periodDays: 1,
    });
    assert.deepEqual(row, { customerId: 'a', frequency: 1, recency: 1, T: 2, monetaryValue: 1 });
  });

  it('keeps customers in order of their first transaction and accepts any id type', () => {
    const rows = rfmSummary(
      [{ customerId: 42, occurredAt: '2024-01-02', amount: 1 }, { customerId: 7, occurredAt: '2024-01-01', amount: 1 }],
      { observationEnd: '2024-01-10' },
    );
    assert.deepEqual(rows.map((r) => r.customerId), [42, 7]);
  });

  it('rejects dates that do not exist, unknown time zones and non-numeric amounts', () => {
    const end = { observationEnd: '2024-03-31' };
    assert.throws(() => rfmSummary([tx('a', '2024-02-30', 1)], end), RangeError);
    assert.throws(() => rfmSummary([tx('a', 'yesterday', 1)], end), RangeError);
    assert.throws(() => rfmSummary([tx('a', new Date(Number.NaN), 1)], end), RangeError);
    assert.throws(() => rfmSummary([tx('a', '2024-02-01', Number.NaN)], end), RangeError);
    assert.throws(() => rfmSummary([], { ...end, timeZone: 'Mars/Olympus_Mons' }), RangeError);
    assert.throws(() => rfmSummary([], { ...end, periodDays: 0 }), RangeError);
  });
});

describe('calendarDayNumber and rfmFromPurchaseDays (for callers that collapse days themselves)', () => {
  it('numbers calendar days from 1970-01-01 on the tenant\'s calendar', () => {
    assert.equal(calendarDayNumber('1970-01-02'), 1);
    assert.equal(calendarDayNumber(new Date('2024-03-01T02:00:00Z')), calendarDayNumber('2024-03-01'));
    assert.equal(calendarDayNumber(new Date('2024-03-01T02:00:00Z'), 'America/New_York'), calendarDayNumber('2024-02-29'));
  });

  it('gives the same summary as rfmSummary for every CDNOW customer', () => {
    const transactions = loadCdnowTransactions();
    const endDay = calendarDayNumber('1997-09-30');
    const perCustomer = new Map<string, Map<number, number>>();
    for (const t of transactions) {
      const spend = perCustomer.get(t.customerId) ?? new Map<number, number>();
      const day = calendarDayNumber(t.occurredAt);
      spend.set(day, (spend.get(day) ?? 0) + t.amount);
      perCustomer.set(t.customerId, spend);
    }
    for (const row of rfmSummary(transactions, { observationEnd: '1997-09-30' })) {
      const spend = perCustomer.get(row.customerId) ?? new Map<number, number>();
      const days = [...spend.keys()].sort((p, q) => p - q);
      const fromDays = rfmFromPurchaseDays(days, days.map((d) => spend.get(d) ?? 0), endDay);
      assert.deepEqual({ customerId: row.customerId, ...fromDays }, row);
    }
  });

  it('refuses unsorted or repeated days, misaligned values, string amounts and customers who start later', () => {
    assert.throws(() => rfmFromPurchaseDays([3, 1], [1, 1], 10), RangeError);
    assert.throws(() => rfmFromPurchaseDays([1, 1], [1, 1], 10), RangeError);
    assert.throws(() => rfmFromPurchaseDays([1, 2], [1], 10), RangeError);
    assert.throws(() => rfmFromPurchaseDays([1, 2], [1, '2' as unknown as number], 10), RangeError);
    assert.throws(() => rfmFromPurchaseDays([11], [1], 10), RangeError);
  });
});
