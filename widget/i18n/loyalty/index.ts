/**
 * The loyalty sections' messages, loaded on first use, in the one language shown.
 *
 * They are the largest part of the widget's text and only customers of a vendor running a loyalty program
 * see them, so they stay out of `openbook-clv.js` (30 kB gzipped budget): each language is a chunk of its
 * own, fetched when a loyalty section first has something to show. Until it arrives the section shows a
 * placeholder; if it cannot be fetched, a short note from the main catalogue.
 */
import type { CatalogueTag } from '../index.ts';
import type { LoyaltyMessages } from './en.ts';

export type {
  LifecycleStage,
  LoyaltyMessages,
  MetricValue,
  MilestoneKind,
  MilestoneValue,
  PaceFigures,
  Qualification,
  QualifyingMetric,
  QualifyingWindow,
  Retention,
  RewardKind,
  Shortfall,
  StageFacts,
} from './en.ts';

const importers: Record<CatalogueTag, () => Promise<LoyaltyMessages>> = {
  en: () => import('./en.ts').then((module) => module.loyaltyEn),
  'zh-CN': () => import('./zh-CN.ts').then((module) => module.loyaltyZhCN),
  'zh-TW': () => import('./zh-TW.ts').then((module) => module.loyaltyZhTW),
};

const loaded = new Map<CatalogueTag, LoyaltyMessages>();
const pending = new Map<CatalogueTag, Promise<LoyaltyMessages>>();

/** The catalogue when it has arrived, else undefined. */
export function loyaltyMessages(tag: CatalogueTag): LoyaltyMessages | undefined {
  return loaded.get(tag);
}

/**
 * Fetches a catalogue once, however many sections ask. A failed fetch is forgotten, so that a section
 * rendered later may try again.
 */
export function loadLoyaltyMessages(tag: CatalogueTag): Promise<LoyaltyMessages> {
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
