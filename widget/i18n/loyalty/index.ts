/**
 * The loyalty sections' messages, loaded on first use, in the one language shown.
 *
 * They are the largest part of the widget's text and only customers of a vendor running a loyalty program
 * see them, so they stay out of `openbook-clv.js` (30 kB gzipped budget): each language is a chunk of its
 * own, fetched when a loyalty section first has something to show. Until it arrives the section shows a
 * placeholder; if it cannot be fetched, a short note from the main catalogue.
 */
import type { CatalogueTag } from '../index.ts';
import { lazyCatalogue } from '../lazy-catalogue.ts';
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

const catalogue = lazyCatalogue<LoyaltyMessages>({
  en: () => import('./en.ts').then((module) => module.loyaltyEn),
  'zh-CN': () => import('./zh-CN.ts').then((module) => module.loyaltyZhCN),
  'zh-TW': () => import('./zh-TW.ts').then((module) => module.loyaltyZhTW),
});

/** The catalogue when it has arrived, else undefined. */
export const loyaltyMessages = (tag: CatalogueTag): LoyaltyMessages | undefined => catalogue.get(tag);

/** Fetches a catalogue once, however many sections ask; a failed fetch may be tried again later. */
export const loadLoyaltyMessages = (tag: CatalogueTag): Promise<LoyaltyMessages> => catalogue.load(tag);
