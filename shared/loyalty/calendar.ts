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

// Evaluating thousands of customers asks for the day of the same `asOf` each time; a formatter of Intl
// costs tens of microseconds to build, so recent answers are kept.
const recentDays = new Map<string, number>();

/** The local calendar day of an instant (a Date, or an ISO date-time with `Z` or an offset) in a time zone. */
export function localDay(instant: Date | string, timeZone: string): number {
  const key = `${timeZone}|${instant instanceof Date ? instant.getTime() : instant}`;
  let day = recentDays.get(key);
  if (day === undefined) {
    day = calendarDayNumber(instant, timeZone);
    if (recentDays.size > 1000) recentDays.clear();
    recentDays.set(key, day);
  }
  return day;
}

/**
 * Year, month (0-11) and date of a day number, by integer arithmetic (the proleptic Gregorian calendar,
 * as in H. Hinnant's "chrono-compatible low-level date algorithms"): no Date object per call.
 */
function parts(day: number): { year: number; month: number; date: number } {
  const z = day + 719_468;
  const era = Math.floor(z / 146_097);
  const dayOfEra = z - era * 146_097;
  const yearOfEra = Math.floor((dayOfEra - Math.floor(dayOfEra / 1460) + Math.floor(dayOfEra / 36_524) - Math.floor(dayOfEra / 146_096)) / 365);
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const shifted = Math.floor((5 * dayOfYear + 2) / 153);
  const date = dayOfYear - Math.floor((153 * shifted + 2) / 5) + 1;
  const month = shifted < 10 ? shifted + 2 : shifted - 10;
  return { year: yearOfEra + era * 400 + (month < 2 ? 1 : 0), month, date };
}

/** The day number of a year, month (0-11, may run over into other years) and date (1 or more within the month). */
function dayNumber(year: number, month: number, date: number): number {
  const y = year + Math.floor(month / 12);
  const m = ((month % 12) + 12) % 12;
  const yy = m < 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yearOfEra = yy - era * 400;
  const dayOfYear = Math.floor((153 * (m < 2 ? m + 10 : m - 2) + 2) / 5) + date - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146_097 + dayOfEra - 719_468;
}

const pad = (value: number, width: number) => String(value).padStart(width, '0');

// A tenant's dates fall on a few thousand days, formatted again and again for every customer: kept once made.
const isoDates = new Map<number, IsoDate>();

export function isoDate(day: number): IsoDate {
  let text = isoDates.get(day);
  if (text === undefined) {
    const { year, month, date } = parts(day);
    text = `${pad(year, 4)}-${pad(month + 1, 2)}-${pad(date, 2)}`;
    if (isoDates.size > 100_000) isoDates.clear();
    isoDates.set(day, text);
  }
  return text;
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

/** The same date `months` months later (earlier when negative), or the 1st of the next month when it does not exist. */
export function addMonths(day: number, months: number): number {
  const { year, month, date } = parts(day);
  const target = month + months;
  const firstOfNext = dayNumber(year, target + 1, 1);
  // Past the end of the target month (31 April), the first of the next month.
  return Math.min(dayNumber(year, target, date), firstOfNext);
}

/** The last day of the month `monthsLater` months after the month of `day` (0: its own month). */
export function endOfMonth(day: number, monthsLater = 0): number {
  const { year, month } = parts(day);
  return dayNumber(year, month + monthsLater + 1, 1) - 1;
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

const digitsByCurrency = new Map<string, number>();

/** The number of fraction digits of a currency's minor unit (USD 2, JPY 0, KWD 3). */
export function currencyDigits(currency: string): number {
  let digits = digitsByCurrency.get(currency);
  if (digits === undefined) {
    try {
      digits = new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
    } catch {
      digits = 2;
    }
    digitsByCurrency.set(currency, digits);
  }
  return digits;
}
