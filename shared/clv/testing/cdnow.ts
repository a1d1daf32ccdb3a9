/**
 * Loaders for the CDNOW reference data (the 1/10 sample cohort of Fader, Hardie & Lee 2005, as shipped by
 * the `lifetimes` library), used by the tests to check the models against published values. The data
 * lives in the `shared/data/cdnow/` folder next to the repository (not the repository's own `shared/`).
 */

import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Transaction } from '../rfm.ts';

// <repo>/../shared/data/cdnow/, resolved from this file (<repo>/shared/clv/testing/cdnow.ts).
const CDNOW_URL = new URL('../../../../shared/data/cdnow/', import.meta.url);
export const CDNOW_DIRECTORY = fileURLToPath(CDNOW_URL);

function readLines(file: string): string[] {
  return readFileSync(new URL(file, CDNOW_URL), 'utf8')
    .split(/\r?\n/)
    .filter((line) => line.trim() !== '');
}

export interface CdnowSummaryRow {
  id: string;
  frequency: number;
  recency: number;
  T: number;
}

/** cdnow_customers_summary.csv: ID, frequency, recency, T (weeks). */
export function loadCdnowSummary(): CdnowSummaryRow[] {
  return readLines('cdnow_customers_summary.csv').slice(1).map((line) => {
    const [id = '', x = '', tx = '', T = ''] = line.split(',');
    return { id, frequency: Number(x), recency: Number(tx), T: Number(T) };
  });
}

export interface CdnowSpendRow extends CdnowSummaryRow {
  /** zbar: mean value of the repeat transactions, rounded to cents in the file. */
  monetaryValue: number;
}

/** cdnow_customers_summary_with_transactions.csv: ID, x, t_x, T, zbar. */
export function loadCdnowSummaryWithSpend(): CdnowSpendRow[] {
  return readLines('cdnow_customers_summary_with_transactions.csv').slice(1).map((line) => {
    const [id = '', x = '', tx = '', T = '', zbar = ''] = line.split(',');
    return { id, frequency: Number(x), recency: Number(tx), T: Number(T), monetaryValue: Number(zbar) };
  });
}

/**
 * CDNOW_sample.txt: master id, sample id, YYYYMMDD, number of CDs, dollar value. The summary files use the
 * sample id as an integer, so that is the customerId; dates become ISO calendar days.
 */
export function loadCdnowTransactions(): Transaction[] {
  return readLines('CDNOW_sample.txt').map((line) => {
    const [, sampleId = '', date = '', , dollars = ''] = line.trim().split(/\s+/);
    return {
      customerId: String(Number(sampleId)),
      occurredAt: `${date.slice(0, 4)}-${date.slice(4, 6)}-${date.slice(6, 8)}`,
      amount: Number(dollars),
    };
  });
}
