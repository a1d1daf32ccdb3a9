/**
 * Picks the message catalogue for a locale. Only English exists today; `zh-CN` and `zh-TW` are added by
 * importing them below and listing them in `catalogues` (the aliases already route Chinese tags to them).
 */
import { en, type Messages } from './en.ts';

export type { Count, Explanation, Messages } from './en.ts';

const catalogues = new Map<string, Messages>([['en', en]]);

// Tags that should fall back to a catalogue with a different name: Chinese in simplified script reads
// zh-CN, in traditional script zh-TW. An alias whose catalogue does not exist yet is skipped.
const aliases = new Map<string, string>([
  ['zh', 'zh-CN'],
  ['zh-Hans', 'zh-CN'],
  ['zh-SG', 'zh-CN'],
  ['zh-Hant', 'zh-TW'],
  ['zh-HK', 'zh-TW'],
  ['zh-MO', 'zh-TW'],
]);

/**
 * The catalogue for `locale`, trying the tag and then ever shorter prefixes of it
 * (`zh-Hant-HK`, `zh-Hant`, `zh`), and English when none matches.
 */
export function pickMessages(locale: string): Messages {
  let tag = locale;
  while (tag) {
    const found = catalogues.get(tag) ?? catalogues.get(aliases.get(tag) ?? '');
    if (found) return found;
    const cut = tag.lastIndexOf('-');
    tag = cut > 0 ? tag.slice(0, cut) : '';
  }
  return en;
}
