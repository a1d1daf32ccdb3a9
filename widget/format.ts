/**
 * Locale-aware formatting of the figures the API sends: money in integer minor units of an ISO 4217
 * currency, plain numbers, ISO dates and `YYYY-MM` months. Intl objects are costly to build, so there is one
 * `Formatters` per (locale, currency), and it builds each of them once, when first used.
 */
import type { Count } from './i18n/index.ts';

export interface Formatters {
  /** `4250` USD -> "$42.50"; `4250` JPY -> "¥4,250". */
  money(minorUnits: number): string;
  /** A count rounded to at most two decimals, with its text: 4.1666 -> { value: 4.17, text: "4.17" }. */
  count(value: number): Count;
  /** An ISO date-time as a long date in the viewer's time zone: "June 1, 2021". */
  date(iso: string): string;
  /** A moment (epoch milliseconds) as a date and time in the viewer's time zone: "Jun 1, 2025, 3:04 PM". */
  dateTime(epochMs: number): string;
  /** `2021-06` -> "Jun 2021" (short) or "June 2021" (long). */
  month(yearMonth: string, style?: 'short' | 'long'): string;
  /** A fraction as a percentage with at most one decimal: 0.7644 -> "76.4%", 0.1 -> "10%". */
  percent(fraction: number): string;
  /** Always one decimal, as predictions are shown: 2.745 -> "2.7", 3 -> "3.0". */
  oneDecimal(value: number): string;
  /** At most four significant digits, for fitted model parameters: 0.242591 -> "0.2426", 1544.17 -> "1,544". */
  significant(value: number): string;
}

/**
 * `locale` as a canonical BCP 47 tag: the given one, else the nearest `lang` around `context` (light DOM
 * ancestors), else the page's `<html lang>`, else "en". A malformed tag (which would make every Intl
 * constructor throw) is skipped like a missing one.
 */
export function resolveLocale(requested: string | null | undefined, context?: Element): string {
  const candidates = [
    requested,
    context?.closest('[lang]')?.getAttribute('lang'),
    globalThis.document?.documentElement.lang,
    'en',
  ];
  for (const candidate of candidates) {
    if (!candidate) continue;
    try {
      const [canonical] = Intl.getCanonicalLocales(candidate);
      if (canonical) return canonical;
    } catch {
      // not a well-formed tag: try the next candidate
    }
  }
  return 'en';
}

const formatters = new Map<string, Formatters>();

/**
 * The formatters of a locale and a currency, the same object for the same pair. Each Intl object is built on
 * its first use: every element renders with these on every update, and one section needs only some of them
 * (a date-and-time or month format takes 1 to 10 ms to build the first time on a slow machine).
 */
export function createFormatters(locale: string, currency: string): Formatters {
  const key = `${locale}\u0000${currency}`;
  let made = formatters.get(key);
  if (!made) {
    made = buildFormatters(locale, currency);
    formatters.set(key, made);
  }
  return made;
}

function buildFormatters(locale: string, currency: string): Formatters {
  const money = lazy(() => {
    const format = moneyFormat(locale, currency);
    // The currency's own minor unit (2 for USD, 0 for JPY, 3 for KWD), as Intl knows it.
    const fractionDigits = format.resolvedOptions().maximumFractionDigits ?? 2;
    return { format, scale: 10 ** fractionDigits };
  });
  const number = lazy(() => new Intl.NumberFormat(locale, { maximumFractionDigits: 2 }));
  const longDate = lazy(() => new Intl.DateTimeFormat(locale, { dateStyle: 'long' }));
  const moment = lazy(() => new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' }));
  // Months are calendar months already (tenant time zone, computed by the server): format them in UTC
  // so that no viewer's offset can move "2021-06" into May.
  const shortMonth = lazy(() => new Intl.DateTimeFormat(locale, { month: 'short', year: 'numeric', timeZone: 'UTC' }));
  const longMonth = lazy(() => new Intl.DateTimeFormat(locale, { month: 'long', year: 'numeric', timeZone: 'UTC' }));
  const percent = lazy(() => new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 1 }));
  const oneDecimal = lazy(
    () => new Intl.NumberFormat(locale, { minimumFractionDigits: 1, maximumFractionDigits: 1 }),
  );
  const significant = lazy(() => new Intl.NumberFormat(locale, { maximumSignificantDigits: 4 }));

  return {
    money: (minorUnits) => {
      const { format, scale } = money();
      return format.format(minorUnits / scale);
    },
    count: (value) => {
      const rounded = Math.round(value * 100) / 100;
      return { value: rounded, text: number().format(rounded) };
    },
    date: (iso) => {
      const date = new Date(iso);
      return Number.isNaN(date.getTime()) ? iso : longDate().format(date);
    },
    dateTime: (epochMs) => moment().format(new Date(epochMs)),
    month: (yearMonth, style = 'short') => {
      const match = /^(\d{4})-(\d{2})$/.exec(yearMonth);
      if (!match) return yearMonth;
      const date = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, 1));
      return (style === 'long' ? longMonth() : shortMonth()).format(date);
    },
    percent: (fraction) => percent().format(fraction),
    oneDecimal: (value) => oneDecimal().format(value),
    significant: (value) => significant().format(value),
  };
}

const warmedUp = new Set<string>();

/**
 * Builds a number and a date format of `locale`, once per page, while the figures are on their way. A page's
 * first Intl number format loads the locale's data, which took 45 to 65 ms in a fresh Chromium tab on a slow
 * 2-core machine (the next ones well under 1 ms): done in the wait for the network, it no longer holds back
 * the first figures. Run after the next paint, so that the placeholder is not held back either.
 */
export function warmUpFormatsSoon(locale: string): void {
  if (warmedUp.has(locale) || typeof requestAnimationFrame !== 'function') return;
  warmedUp.add(locale);
  requestAnimationFrame(() =>
    setTimeout(() => {
      new Intl.NumberFormat(locale, { style: 'currency', currency: 'USD' }).format(0);
      new Intl.DateTimeFormat(locale, { dateStyle: 'long' }).format(0);
    }, 0),
  );
}

function lazy<T>(create: () => T): () => T {
  let made: { value: T } | undefined;
  return () => (made ??= { value: create() }).value;
}

function moneyFormat(locale: string, currency: string): Intl.NumberFormat {
  try {
    return new Intl.NumberFormat(locale, { style: 'currency', currency });
  } catch {
    // A malformed currency code would throw; show the amount with two decimals rather than nothing.
    return new Intl.NumberFormat(locale, { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  }
}
