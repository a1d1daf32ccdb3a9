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
import type { GrowthMessages } from './en.ts';

export type { GoalActorKind, GoalTerms, GrowthMessages, Segment, Sooner } from './en.ts';

const importers: Record<CatalogueTag, () => Promise<GrowthMessages>> = {
  en: () => import('./en.ts').then((module) => module.growthEn),
  'zh-CN': () => import('./zh-CN.ts').then((module) => module.growthZhCN),
  'zh-TW': () => import('./zh-TW.ts').then((module) => module.growthZhTW),
};

const loaded = new Map<CatalogueTag, GrowthMessages>();
const pending = new Map<CatalogueTag, Promise<GrowthMessages>>();

/** The catalogue when it has arrived, else undefined. */
export function growthMessages(tag: CatalogueTag): GrowthMessages | undefined {
  return loaded.get(tag);
}

/**
 * Fetches a catalogue once, however many sections ask. A failed fetch is forgotten, so that a section
 * rendered later may try again.
 */
export function loadGrowthMessages(tag: CatalogueTag): Promise<GrowthMessages> {
  const done = loaded.get(tag);
  if (done) return Promise.resolve(done);
  let request = pending.get(tag);
  if (!request) {
    request = importers[tag]().then(
      (messages) => {
        loaded.set(tag, messages);
        pending.delete(tag);
        return messages;
      },
      (error: unknown) => {
        pending.delete(tag);
        throw error;
      },
    );
    pending.set(tag, request);
  }
  return request;
}
