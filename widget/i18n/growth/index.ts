/**
 * The growth sections' messages (suggestions, goals, simulator), loaded on first use, in the one language
 * shown.
 *
 * They are a large part of the widget's text and many vendors show none of these sections, so they stay
 * out of `openbook-clv.js` (30 kB gzipped budget): each language is a chunk of its own, fetched when a
 * growth section first has something to show. Until it arrives the section shows a placeholder; if it cannot
 * be fetched, a short note from the main catalogue. The sections' titles are in the main catalogue.
 */
import type { CatalogueTag } from '../index.ts';
import { lazyCatalogue } from '../lazy-catalogue.ts';
import type { GrowthMessages } from './en.ts';

export type { GoalActorKind, GoalTerms, GrowthMessages, Segment, Sooner } from './en.ts';

const catalogue = lazyCatalogue<GrowthMessages>({
  en: () => import('./en.ts').then((module) => module.growthEn),
  'zh-CN': () => import('./zh-CN.ts').then((module) => module.growthZhCN),
  'zh-TW': () => import('./zh-TW.ts').then((module) => module.growthZhTW),
});

/** The catalogue when it has arrived, else undefined. */
export const growthMessages = (tag: CatalogueTag): GrowthMessages | undefined => catalogue.get(tag);

/** Fetches a catalogue once, however many sections ask; a failed fetch may be tried again later. */
export const loadGrowthMessages = (tag: CatalogueTag): Promise<GrowthMessages> => catalogue.load(tag);
