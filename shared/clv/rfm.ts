/**
 * Recency-frequency-monetary summaries of transaction logs, as the BTYD literature defines them (Fader,
 * Hardie & Lee 2005, "'Counting Your Customers' the Easy Way"; Fader & Hardie 2013, "The Gamma-Gamma Model
 * of Monetary Value") and as the `lifetimes` library computes them (`summary_data_from_transaction_data`
 * with daily resolution):
 * - purchases on the same calendar day (in the tenant's time zone) collapse into one purchase of their
 *   summed amount, because the models count purchase occasions, not order lines;
 * - frequency x = distinct purchase days after the first; recency t_x = age at the last purchase day;
 *   T = age at the observation end day; ages in fractional periods of `periodDays` days, measured between
 *   calendar days (so a time zone's daylight-saving hour never makes a day 23/24 long);
 * - monetaryValue = mean amount of the repeat purchase days (0 when x = 0), the first purchase being left
 *   out because it is often atypical (the zbar of the gamma-gamma model).
 * Transactions on days after the observation end are left out; so is a customer with none before it.
 */

export interface Transaction<Id = string> {
  customerId: Id;
  /**
   * An instant (Date, or ISO string with `Z` or an offset), placed on the calendar of `timeZone`; or an ISO
   * date (`2024-03-01`) or local date-time without offset (`2024-03-01T09:30`), read as the tenant's own
   * calendar day and wall clock.
   */
  occurredAt: Date | string;
  amount: number;
}

export interface RfmOptions {
  /** The last day of the observation period (inclusive), read as `occurredAt` is. */
  observationEnd: Date | string;
  /** Days per period: 7 gives weeks (the default), 1 days. */
  periodDays?: number;
  /** IANA time zone of the tenant (default UTC). */
  timeZone?: string;
}

export interface RfmSummaryRow<Id = string> {
  customerId: Id;
  frequency: number;
  recency: number;
  T: number;
  monetaryValue: number;
}

const MS_PER_DAY = 86_400_000;
const MS_PER_HOUR = 3_600_000;
// YYYY-MM-DD, optionally followed by a time and optionally by Z or an offset.
const ISO_PATTERN = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(\.\d+)?)?(Z|[+-]\d{2}(?::?\d{2})?)?)?$/;

/**
 * One summary row per customer with a purchase on or before the observation end, in order of the
 * customer's first transaction in `transactions`.
 */
export function rfmSummary<Id>(
  transactions: Iterable<Transaction<Id>>,
  { observationEnd, periodDays = 7, timeZone = 'UTC' }: RfmOptions,
): RfmSummaryRow<Id>[] {
  if (!(Number.isFinite(periodDays) && periodDays > 0)) {
    throw new RangeError(`periodDays must be a positive number, got ${periodDays}`);
  }
  const toDay = calendarDayReader(timeZone);
  const endDay = toDay(observationEnd, 'observationEnd');

  // Per customer: the amount spent on each purchase day.
  const days = new Map<Id, Map<number, number>>();
  let index = 0;
  for (const { customerId, occurredAt, amount } of transactions) {
    if (!Number.isFinite(amount)) throw new RangeError(`transaction ${index}: amount must be a finite number, got ${amount}`);
    const day = toDay(occurredAt, `transaction ${index}`);
    index++;
    if (day > endDay) continue;
    let spend = days.get(customerId);
    if (!spend) {
      spend = new Map();
      days.set(customerId, spend);
    }
    spend.set(day, (spend.get(day) ?? 0) + amount);
  }

  const rows: RfmSummaryRow<Id>[] = [];
  for (const [customerId, spend] of days) {
    const purchaseDays = [...spend.keys()].sort((p, q) => p - q);
    const values = purchaseDays.map((day) => spend.get(day) ?? 0);
    rows.push({ customerId, ...rfmFromPurchaseDays(purchaseDays, values, endDay, periodDays) });
  }
  return rows;
}

export interface PurchaseDaysRfm {
  frequency: number;
  recency: number;
  T: number;
  monetaryValue: number;
}

/**
 * The summary of one customer whose purchases are already collapsed to calendar days (for callers that
 * aggregate per day themselves, e.g. in SQL): `days` are day numbers as from `calendarDayNumber`, strictly
 * ascending, `values` the amount spent on each, `endDay` the observation end's day number. Days after
 * `endDay` are left out, as in `rfmSummary`.
 */
export function rfmFromPurchaseDays(
  days: readonly number[],
  values: readonly number[],
  endDay: number,
  periodDays = 7,
): PurchaseDaysRfm {
  if (days.length !== values.length) throw new RangeError(`days (${days.length}) and values (${values.length}) must align`);
  if (!(Number.isFinite(periodDays) && periodDays > 0)) {
    throw new RangeError(`periodDays must be a positive number, got ${periodDays}`);
  }
  let count = 0;
  let repeatSpend = 0;
  for (let i = 0; i < days.length; i++) {
    const day = days[i] ?? Number.NaN;
    if (!Number.isFinite(day) || (i > 0 && !(day > (days[i - 1] ?? day)))) {
      throw new RangeError(`days must be finite and strictly ascending (one entry per day), got ${days.join(', ')}`);
    }
    if (day > endDay) break;
    const value = values[i];
    // Checked at run time because database drivers hand numeric columns over as strings.
    if (typeof value !== 'number' || !Number.isFinite(value)) throw new RangeError(`values[${i}] must be a finite number, got ${String(value)}`);
    if (i > 0) repeatSpend += value;
    count = i + 1;
  }
  const first = days[0];
  const last = days[count - 1];
  if (count === 0 || first === undefined || last === undefined) {
    throw new RangeError('the customer has no purchase on or before the observation end');
  }
  const frequency = count - 1;
  return {
    frequency,
    recency: (last - first) / periodDays,
    T: (endDay - first) / periodDays,
    monetaryValue: frequency > 0 ? repeatSpend / frequency : 0,
  };
}

/**
 * The calendar day of `value` in `timeZone` as a day number (days since 1970-01-01 of the local calendar;
 * differences count calendar days). Reads `value` as `rfmSummary` reads `occurredAt`.
 */
export function calendarDayNumber(value: Date | string, timeZone = 'UTC'): number {
  return calendarDayReader(timeZone)(value, 'value');
}

/**
 * Returns a function mapping a date to its calendar day in `timeZone`, as a day number (days since
 * 1970-01-01 of the local calendar), so that differences of day numbers count calendar days.
 */
// Making an Intl.DateTimeFormat costs far more than formatting with one (tens of microseconds): one per zone.
const dayFormats = new Map<string, Intl.DateTimeFormat>();

function dayFormat(timeZone: string): Intl.DateTimeFormat {
  let format = dayFormats.get(timeZone);
  if (!format) {
    try {
      format = new Intl.DateTimeFormat('en-US', {
        timeZone,
        year: 'numeric',
        month: 'numeric',
        day: 'numeric',
        calendar: 'gregory',
        numberingSystem: 'latn',
      });
    } catch {
      throw new RangeError(`unknown time zone: ${timeZone}`);
    }
    dayFormats.set(timeZone, format);
  }
  return format;
}

function calendarDayReader(timeZone: string): (value: Date | string, what: string) => number {
  const format = dayFormat(timeZone);

  const formatDay = (ms: number): number => {
    let year = 0;
    let month = 0;
    let day = 0;
    for (const part of format.formatToParts(ms)) {
      if (part.type === 'year') year = Number(part.value);
      else if (part.type === 'month') month = Number(part.value);
      else if (part.type === 'day') day = Number(part.value);
    }
    return Date.UTC(year, month - 1, day) / MS_PER_DAY;
  };

  // formatToParts costs microseconds, which adds up over millions of transactions. Cache by UTC hour: when
  // an hour starts and ends on the same local day, every instant in it does, unless a clock change moved
  // the local day forward and back within that hour (a fall-back across midnight from between 00:00 and
  // 01:00, which no current zone has); hours that straddle a local midnight are marked NaN and computed
  // per instant.
  const byHour = new Map<number, number>();
  const dayOfInstant = (ms: number): number => {
    const hour = Math.floor(ms / MS_PER_HOUR);
    let cached = byHour.get(hour);
    if (cached === undefined) {
      const start = formatDay(hour * MS_PER_HOUR);
      cached = start === formatDay((hour + 1) * MS_PER_HOUR - 1) ? start : Number.NaN;
      byHour.set(hour, cached);
    }
    return Number.isNaN(cached) ? formatDay(ms) : cached;
  };

  return (value, what) => {
    if (value instanceof Date) {
      const ms = value.getTime();
      if (Number.isNaN(ms)) throw new RangeError(`${what}: invalid Date`);
      return dayOfInstant(ms);
    }
    const match = typeof value === 'string' ? ISO_PATTERN.exec(value.trim()) : null;
    if (!match) throw new RangeError(`${what}: expected a Date or an ISO 8601 string, got ${String(value)}`);
    const [, y = '', m = '', d = '', hh = '0', mm = '0', ss = '0', fraction = '', zone] = match;
    const localDay = Date.UTC(Number(y), Number(m) - 1, Number(d)) / MS_PER_DAY;
    // Date.UTC rolls 2024-02-30 over into March; reject it instead of guessing.
    const check = new Date(localDay * MS_PER_DAY);
    if (check.getUTCFullYear() !== Number(y) || check.getUTCMonth() !== Number(m) - 1 || check.getUTCDate() !== Number(d)) {
      throw new RangeError(`${what}: no such date ${value}`);
    }
    if (Number(hh) > 23 || Number(mm) > 59 || Number(ss) > 60) throw new RangeError(`${what}: no such time ${value}`);
    if (zone === undefined) return localDay; // already the tenant's calendar day
    // The instant, computed here rather than by Date.parse, which is lenient in engine-specific ways.
    const offsetMinutes = parseOffsetMinutes(zone);
    const ms = localDay * MS_PER_DAY + ((Number(hh) * 60 + Number(mm) - offsetMinutes) * 60 + Number(ss)) * 1000 +
      Math.round(Number(`0${fraction}`) * 1000);
    return dayOfInstant(ms);
  };
}

/** Minutes east of UTC for `Z`, `+05`, `+0530` or `-05:30`. */
function parseOffsetMinutes(zone: string): number {
  if (zone === 'Z') return 0;
  const digits = zone.slice(1).replace(':', '');
  const minutes = Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2) || '0');
  return zone.startsWith('-') ? -minutes : minutes;
}
