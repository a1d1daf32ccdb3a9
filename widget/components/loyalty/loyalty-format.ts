/**
 * What the loyalty sections format beyond the shared `Formatters`: calendar days, values in the unit of the
 * qualifying metric or of a milestone, lists of the vendor's words, and the currency's whole unit.
 */
import type { Formatters } from '../../format.ts';
import type { Count } from '../../i18n/index.ts';
import type { MetricValue, MilestoneKind, MilestoneValue, QualifyingMetric } from '../../i18n/loyalty/index.ts';

export interface LoyaltyFormat {
  /**
   * A calendar date of the payload (`2025-06-30`, a day in the vendor's time zone) as a long date. Formatted
   * as the day it names: read as an instant, it would show the day before to viewers west of UTC.
   */
  day(isoDate: string): string;
  metric(value: number, metric: QualifyingMetric): MetricValue;
  milestone(value: number, kind: MilestoneKind): MilestoneValue;
  /** A count for "N points": whole numbers, grouped. */
  count(value: number): Count;
  /** "webinars and early releases". */
  list(items: readonly string[]): string;
  /** One whole unit of the currency ("$1.00", "¥1"): what points are earned per. */
  readonly currencyUnit: string;
  /** Minor units in one whole unit (100 for USD, 1 for JPY). */
  readonly minorPerUnit: number;
}

const dayFormats = new Map<string, Intl.DateTimeFormat>();
const listFormats = new Map<string, Intl.ListFormat>();

function dayFormat(locale: string): Intl.DateTimeFormat {
  let format = dayFormats.get(locale);
  if (!format) {
    format = new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeZone: 'UTC' });
    dayFormats.set(locale, format);
  }
  return format;
}

function listFormat(locale: string): Intl.ListFormat {
  let format = listFormats.get(locale);
  if (!format) {
    format = new Intl.ListFormat(locale, { type: 'conjunction' });
    listFormats.set(locale, format);
  }
  return format;
}

const unitSizes = new Map<string, number>();

function minorUnits(currency: string): number {
  let size = unitSizes.get(currency);
  if (size === undefined) {
    try {
      size = 10 ** (new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2);
    } catch {
      size = 100; // a malformed code: the shared formatters show two decimals too
    }
    unitSizes.set(currency, size);
  }
  return size;
}

export function loyaltyFormat(format: Formatters, locale: string, currency: string): LoyaltyFormat {
  const minorPerUnit = minorUnits(currency);
  const money = (value: number): Count => ({ value, text: format.money(value) });
  return {
    day: (isoDate) => {
      const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(isoDate);
      if (!match) return isoDate;
      return dayFormat(locale).format(new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]))));
    },
    metric: (value, metric) => ({ metric, count: metric === 'spend' ? money(value) : format.count(value) }),
    milestone: (value, kind) => ({ kind, count: kind === 'lifetime-spend' ? money(value) : format.count(value) }),
    count: (value) => format.count(value),
    list: (items) => listFormat(locale).format(items),
    currencyUnit: format.money(minorPerUnit),
    minorPerUnit,
  };
}
