/**
 * What the growth sections format beyond the shared `Formatters`: calendar days of the payload, whole
 * percentages ("62%"), signed money ("+$20.54"), "how much sooner" in days, weeks or months, and the size of
 * the currency's minor unit (to read a target typed in dollars as cents).
 */
import type { Formatters } from '../../format.ts';
import type { Count } from '../../i18n/index.ts';
import type { Sooner } from '../../i18n/growth/index.ts';

export interface GrowthFormat {
  /**
   * A calendar date of the payload (`2026-06-30`, a day in the vendor's time zone) as a long date, formatted
   * as the day it names: read as an instant, it would show the day before to viewers west of UTC.
   */
  day(isoDate: string): string;
  /** 0.6213 -> "62%". */
  wholePercent(fraction: number): string;
  /** Minor units with their sign: 2054 -> "+$20.54", -300 -> "-$3.00", 0 -> "$0.00". */
  signedMoney(minorUnits: number): string;
  /** Minor units as a `Count` whose text is money. */
  money(minorUnits: number): Count;
  /** 94 days -> 3 months; 26 days -> 4 weeks; 9 days -> 9 days. */
  sooner(days: number): Sooner;
  /** Minor units in one whole unit (100 for USD, 1 for JPY). */
  readonly minorPerUnit: number;
  /** The currency by name, as amounts of it are read: "US dollars", "美元". */
  readonly currencyName: string;
}

const cache = new Map<string, Intl.NumberFormat | Intl.DateTimeFormat>();

function cached<T extends Intl.NumberFormat | Intl.DateTimeFormat>(key: string, create: () => T): T {
  let format = cache.get(key);
  if (!format) {
    format = create();
    cache.set(key, format);
  }
  return format as T;
}

function signedMoneyFormat(locale: string, currency: string): Intl.NumberFormat {
  return cached(`signed:${locale}:${currency}`, () => {
    try {
      return new Intl.NumberFormat(locale, { style: 'currency', currency, signDisplay: 'exceptZero' });
    } catch {
      return new Intl.NumberFormat(locale, { minimumFractionDigits: 2, maximumFractionDigits: 2, signDisplay: 'exceptZero' });
    }
  });
}

/** Average days in a month of the Gregorian calendar. */
const DAYS_PER_MONTH = 365.25 / 12;

export function growthFormat(format: Formatters, locale: string, currency: string): GrowthFormat {
  const signed = signedMoneyFormat(locale, currency);
  const fractionDigits = signed.resolvedOptions().maximumFractionDigits ?? 2;
  const minorPerUnit = 10 ** fractionDigits;
  const percent = cached(`percent:${locale}`, () => new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 0 }));
  const longDay = cached(`day:${locale}`, () => new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeZone: 'UTC' }));
  return {
    day: (isoDate) => {
      const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(isoDate);
      if (!match) return isoDate;
      return longDay.format(new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]))));
    },
    wholePercent: (fraction) => percent.format(fraction),
    signedMoney: (minorUnits) => signed.format(minorUnits / minorPerUnit),
    money: (minorUnits) => ({ value: minorUnits, text: format.money(minorUnits) }),
    sooner: (days) => {
      if (days >= 60) return { unit: 'month', count: format.count(Math.round(days / DAYS_PER_MONTH)) };
      if (days >= 14) return { unit: 'week', count: format.count(Math.round(days / 7)) };
      return { unit: 'day', count: format.count(days) };
    },
    minorPerUnit,
    currencyName: currencyName(locale, currency),
  };
}

function currencyName(locale: string, currency: string): string {
  try {
    const parts = new Intl.NumberFormat(locale, { style: 'currency', currency, currencyDisplay: 'name' }).formatToParts(2);
    return parts.find((part) => part.type === 'currency')?.value ?? currency;
  } catch {
    return currency;
  }
}

/**
 * The vendor's link for a product, when it is one the widget may follow: `https:`, or `http:` on this
 * machine (a vendor trying the widget locally), without user names or passwords. The server passes on only
 * such links; the widget checks again, as a link is the one place a vendor string becomes markup.
 */
export function safeHref(url: unknown): string | undefined {
  if (typeof url !== 'string' || url === '') return undefined;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return undefined; // relative, or not a URL at all
  }
  if (parsed.username !== '' || parsed.password !== '') return undefined;
  if (parsed.protocol === 'https:') return parsed.href;
  const local = parsed.hostname === 'localhost' || parsed.hostname === '127.0.0.1' || parsed.hostname === '[::1]';
  return parsed.protocol === 'http:' && local ? parsed.href : undefined;
}
