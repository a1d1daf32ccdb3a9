/**
 * Calendar arithmetic of the loyalty rules, on local calendar days of the tenant's time zone.
 *
 * A day is a day number: days since 1970-01-01 of the local calendar (as `calendarDayNumber` of
 * shared/clv returns them), so differences count calendar days and no daylight-saving hour ever makes a
 * day 23 or 25 hours long. Every rule that says "the end of the month" or "12 months later" means the
 * tenant's own calendar: an order at 2025-06-30T13:00Z is already 1 July in Pacific/Auckland.
 *
 * Two conventions, used everywhere:
 * - `addMonths`: the same date n months later; when that date does not exist (31 April, 29 February of a
 *   common year) the first day of the following month. So an order of 2024-02-29 is 12 months old on
 *   2025-03-01, and one of 2024-01-31 is one month old on 2024-03-01 (2024-02-31 does not exist).
 * - `endOfMonth`: the last day of a month, 28, 29, 30 or 31 as the calendar has it.
 */
import { calendarDayNumber } from '../clv/rfm.ts';

const MS_PER_DAY = 86_400_000;

/** A local calendar date as an ISO string, `YYYY-MM-DD`. */
export type IsoDate = string;

/** The local calendar day of an instant (a Date, or an ISO date-time with `Z` or an offset) in a time zone. */
export function localDay(instant: Date | string, timeZone: string): number {
  return calendarDayNumber(instant, timeZone);
}

export function isoDate(day: number): IsoDate {
  return new Date(day * MS_PER_DAY).toISOString().slice(0, 10);
}

/** `YYYY-MM-DD` to a day number; throws on anything else, including dates the calendar does not have. */
export function dayOf(date: IsoDate): number {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!match) throw new RangeError(`not a YYYY-MM-DD date: ${date}`);
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const ms = Date.UTC(year, month - 1, day);
  const back = new Date(ms);
  if (back.getUTCFullYear() !== year || back.getUTCMonth() !== month - 1 || back.getUTCDate() !== day) {
    throw new RangeError(`no such date: ${date}`);
  }
  return ms / MS_PER_DAY;
}

function parts(day: number): { year: number; month: number; date: number } {
  const value = new Date(day * MS_PER_DAY);
  return { year: value.getUTCFullYear(), month: value.getUTCMonth(), date: value.getUTCDate() };
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
}

/** The same date `months` months later (earlier when negative), or the 1st of the next month when it does not exist. */
export function addMonths(day: number, months: number): number {
  const { year, month, date } = parts(day);
  const targetMonth = month + months;
  const targetYear = year + Math.floor(targetMonth / 12);
  const normalised = ((targetMonth % 12) + 12) % 12;
  if (date > daysInMonth(targetYear, normalised)) return Date.UTC(targetYear, normalised + 1, 1) / MS_PER_DAY;
  return Date.UTC(targetYear, normalised, date) / MS_PER_DAY;
}

/** The last day of the month `monthsLater` months after the month of `day` (0: its own month). */
export function endOfMonth(day: number, monthsLater = 0): number {
  const { year, month } = parts(day);
  return Date.UTC(year, month + monthsLater + 1, 0) / MS_PER_DAY;
}

/** Whole calendar months from the month of `from` to the month of `to` (2025-01-31 to 2025-02-01 is 1). */
export function monthsBetween(from: number, to: number): number {
  const a = parts(from);
  const b = parts(to);
  return (b.year - a.year) * 12 + (b.month - a.month);
}

/** Whole years completed from `from` to `to`, by `addMonths` anniversaries. */
export function completedYears(from: number, to: number): number {
  let years = Math.max(0, Math.floor((to - from) / 366));
  while (addMonths(from, 12 * (years + 1)) <= to) years += 1;
  return years;
}

/** The number of fraction digits of a currency's minor unit (USD 2, JPY 0, KWD 3). */
export function currencyDigits(currency: string): number {
  try {
    return new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
  } catch {
    return 2;
  }
}
