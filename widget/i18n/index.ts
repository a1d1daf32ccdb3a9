/**
 * Chooses the message catalogue and the formatting locale for a requested BCP 47 tag.
 *
 * Catalogues: `en`, `zh-CN` (Simplified Chinese) and `zh-TW` (Traditional Chinese). Chinese tags go by their
 * script, written or implied: `zh-Hant*`, `zh-HK`, `zh-MO` and `zh-TW` read Traditional; `zh`, `zh-Hans*`,
 * `zh-CN` and `zh-SG` read Simplified. Every other tag (`en-GB`, `fr`, a malformed one) reads English.
 */
import { resolveLocale } from '../format.ts';
import { en, type Messages } from './en.ts';
import { zhCN } from './zh-CN.ts';
import { zhTW } from './zh-TW.ts';

export type { Count, Explanation, Messages, PredictionExplanation, PredictionInputs } from './en.ts';

export const catalogues = { en, 'zh-CN': zhCN, 'zh-TW': zhTW } as const satisfies Record<string, Messages>;
export type CatalogueTag = keyof typeof catalogues;

export interface LocaleChoice {
  readonly tag: CatalogueTag;
  readonly messages: Messages;
  /**
   * The tag numbers, money and dates are formatted with: the requested tag when it is in the catalogue's
   * language (`en-GB` gets day-month dates, `zh-HK` Hong Kong conventions), else the catalogue's own tag, so
   * that a German page without a German catalogue does not get "425,00 $" inside an English sentence.
   */
  readonly formatLocale: string;
}

/** The catalogue for a BCP 47 tag. */
export function catalogueFor(locale: string): CatalogueTag {
  let parsed: Intl.Locale;
  try {
    parsed = new Intl.Locale(locale);
  } catch {
    return 'en';
  }
  if (parsed.language !== 'zh') return 'en';
  // zh-HK maximizes to zh-Hant-HK, zh-SG to zh-Hans-SG, zh to zh-Hans-CN.
  const script = parsed.script ?? parsed.maximize().script;
  return script === 'Hant' ? 'zh-TW' : 'zh-CN';
}

export function pickMessages(locale: string): Messages {
  return catalogues[catalogueFor(locale)];
}

/**
 * The locale of an element: `requested` (its `locale` attribute) when well formed, else the nearest `lang`
 * around `context`, else the page's `<html lang>`, else English.
 */
export function chooseLocale(requested: string | null | undefined, context?: Element): LocaleChoice {
  const resolved = resolveLocale(requested, context);
  const tag = catalogueFor(resolved);
  const sameLanguage = new Intl.Locale(resolved).language === new Intl.Locale(tag).language;
  return { tag, messages: catalogues[tag], formatLocale: sameLanguage ? resolved : tag };
}
