/**
 * The calendar of a metrics request: the months it covers (in the tenant's time zone, as local dates
 * that the database turns into instants), which period each month belongs to, and how far past the
 * range the acquisition cohorts' revenue curves may look. Pure: dates in, dates out.
 */
import { COHORT_MONTHS } from '../../shared/schemas/metrics.ts';

export type Interval = 'month' | 'quarter';

export interface CalendarMonth {
  /** "YYYY-MM". */
  month: string;
  /** First day, "YYYY-MM-01". */
  startDate: string;
  /** First day of the next month (exclusive end). */
  endDate: string;
  /** 1-based index of the period the month belongs to; null for months after the range (cohort curves only). */
  period: number | null;
}

export interface CalendarPeriod {
  label: string;
  /** 1-based indexes into `months` of the period's first and last month. */
  firstMonth: number;
  lastMonth: number;
}

export interface MetricsCalendar {
  /** First day of the first period. */
  fromDate: string;
  /** Last day of the last period. */
  toDate: string;
  months: CalendarMonth[];
  periods: CalendarPeriod[];
  /** Months of the range itself (the first `rangeMonths` entries of `months`). */
  rangeMonths: number;
}

interface YearMonth {
  year: number;
  month: number;
}

const pad = (n: number) => String(n).padStart(2, '0');
const label = ({ year, month }: YearMonth) => `${year}-${pad(month)}`;
const firstDay = (ym: YearMonth) => `${label(ym)}-01`;
const monthIndex = ({ year, month }: YearMonth) => year * 12 + (month - 1);
const fromIndex = (index: number): YearMonth => ({ year: Math.floor(index / 12), month: (index % 12) + 1 });

function parseYearMonth(date: string): YearMonth {
  const [year, month] = date.split('-').map(Number) as [number, number];
  return { year, month };
}

/** The first month of the period that contains `ym`. */
function periodStart(ym: YearMonth, interval: Interval): YearMonth {
  return interval === 'month' ? ym : { year: ym.year, month: Math.floor((ym.month - 1) / 3) * 3 + 1 };
}

/** Today's date ("YYYY-MM-DD") at `instant` in a time zone. */
export function localDate(instant: Date, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).formatToParts(instant);
  const part = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${part('year')}-${part('month')}-${part('day')}`;
}

/** The number of calendar months from the month of `from` to the month of `to`, both included. */
export function monthsSpanned(from: string, to: string): number {
  return monthIndex(parseYearMonth(to)) - monthIndex(parseYearMonth(from)) + 1;
}

/**
 * The periods that contain `from` through `to` (dates, inclusive; `from` defaults to 3 quarters or 11
 * months before the period of `to`), plus the months after the range up to the month of `today` (at
 * most COHORT_MONTHS - 1 of them) over which the last cohorts' revenue is followed.
 */
export function buildCalendar({ from, to, interval, today }: { from?: string; to: string; interval: Interval; today: string }): MetricsCalendar {
  const lastStart = periodStart(parseYearMonth(to), interval);
  const periodLength = interval === 'month' ? 1 : 3;
  const firstStart = from ? periodStart(parseYearMonth(from), interval) : fromIndex(monthIndex(lastStart) - 3 * periodLength);
  const first = monthIndex(firstStart);
  const rangeMonths = monthIndex(lastStart) + periodLength - first;
  const todayMonth = monthIndex(parseYearMonth(today)) - first + 1;
  const totalMonths = Math.max(rangeMonths, Math.min(rangeMonths + COHORT_MONTHS - 1, todayMonth));

  const months: CalendarMonth[] = [];
  for (let i = 0; i < totalMonths; i += 1) {
    const ym = fromIndex(first + i);
    months.push({
      month: label(ym),
      startDate: firstDay(ym),
      endDate: firstDay(fromIndex(first + i + 1)),
      period: i < rangeMonths ? Math.floor(i / periodLength) + 1 : null,
    });
  }
  const periods: CalendarPeriod[] = [];
  for (let start = 0; start < rangeMonths; start += periodLength) {
    const ym = fromIndex(first + start);
    periods.push({
      label: interval === 'month' ? label(ym) : `${ym.year}-Q${Math.floor((ym.month - 1) / 3) + 1}`,
      firstMonth: start + 1,
      lastMonth: start + periodLength,
    });
  }
  const lastDay = new Date(`${firstDay(fromIndex(first + rangeMonths))}T00:00:00Z`);
  lastDay.setUTCDate(lastDay.getUTCDate() - 1);
  return { fromDate: firstDay(firstStart), toDate: lastDay.toISOString().slice(0, 10), months, periods, rangeMonths };
}
