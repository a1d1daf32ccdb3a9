/**
 * A customer's open-book figures from the totals of their own orders: realised value, average order
 * value, purchase frequency, tenure and the simple CLV formula. Every input is rounded to what the
 * widget shows (whole minor units, two decimals) before it is used, so a customer who redoes the
 * arithmetic with the numbers on screen gets the same result.
 */
import type { CustomerValue, MonthlyValue } from '../schemas/customer-value.ts';
import { simpleClv } from './formulas.ts';
import { calendarDayNumber } from './rfm.ts';

/** A busy first month is not projected as a full year: frequency is counted over at least a year. */
export const MINIMUM_OBSERVED_YEARS = 1;
const DAYS_PER_YEAR = 365.25;
const DAY_MS = 86_400_000;

export interface CustomerOrderTotals {
  /** Sum of every paid order, refunded ones included (minor units). */
  grossPaid: number;
  /** Sum of the refunded orders (minor units). */
  refunds: number;
  /** Orders that were paid and not refunded. */
  orderCount: number;
  /** The first order that was kept, or null. */
  firstOrderAt: Date | null;
}

const round2 = (value: number) => Math.round(value * 100) / 100;

export function customerFigures(
  totals: CustomerOrderTotals,
  { asOf, lifespanYears }: { asOf: Date; lifespanYears: number },
): CustomerValue['figures'] {
  const realised = totals.grossPaid - totals.refunds;
  const averageOrderValue = totals.orderCount > 0 ? Math.round(realised / totals.orderCount) : 0;
  const days = totals.firstOrderAt ? tenureDays(totals.firstOrderAt, asOf) : 0;
  const years = round2(days / DAYS_PER_YEAR);
  const yearsObserved = Math.max(years, MINIMUM_OBSERVED_YEARS);
  const perYear = round2(totals.orderCount / yearsObserved);
  return {
    realisedValue: { amount: realised, grossPaid: totals.grossPaid, refunds: totals.refunds },
    averageOrderValue: { amount: averageOrderValue, realisedValue: realised, orderCount: totals.orderCount },
    purchaseFrequency: { perYear, orderCount: totals.orderCount, yearsObserved, minimumYears: MINIMUM_OBSERVED_YEARS },
    tenure: { since: totals.firstOrderAt?.toISOString() ?? null, days, years },
    expectedLifespan: { years: lifespanYears, source: 'tenant-setting' },
    simpleClv: {
      amount: Math.round(simpleClv({ averageOrderValue, purchasesPerYear: perYear, lifespanYears })),
      averageOrderValue,
      purchasesPerYear: perYear,
      lifespanYears,
    },
  };
}

/** Whole days since the first kept order; a new day starts at each anniversary of its time of day. */
function tenureDays(firstOrderAt: Date, asOf: Date): number {
  return Math.max(0, Math.floor((asOf.getTime() - firstOrderAt.getTime()) / DAY_MS));
}

/** The instant after `asOf` at which the tenure in days moves on: until then the figures stay as they are. */
export function nextTenureDayAt(firstOrderAt: Date, asOf: Date): Date {
  return new Date(firstOrderAt.getTime() + (tenureDays(firstOrderAt, asOf) + 1) * DAY_MS);
}

/** "YYYY-MM" of an instant, in a time zone. */
export function monthOf(instant: Date, timeZone: string): string {
  // The local calendar day as days since 1970-01-01, read back as a UTC date: its year and month.
  return new Date(calendarDayNumber(instant, timeZone) * DAY_MS).toISOString().slice(0, 7);
}

function nextMonth(month: string): string {
  const [year, m] = month.split('-').map(Number) as [number, number];
  return m === 12 ? `${year + 1}-01` : `${year}-${String(m + 1).padStart(2, '0')}`;
}

/** Every month from `from` to `to` with that month's value and the running total; gaps are zero. */
export function cumulativeHistory(monthly: Array<{ month: string; value: number }>, from: string, to: string): MonthlyValue[] {
  const byMonth = new Map(monthly.map((entry) => [entry.month, entry.value]));
  const history: MonthlyValue[] = [];
  let cumulative = 0;
  for (let month = from; month <= to; month = nextMonth(month)) {
    const value = byMonth.get(month) ?? 0;
    cumulative += value;
    history.push({ month, value, cumulative });
  }
  return history;
}
