/**
 * The rendering code of the loyalty sections, loaded on first use as a chunk of its own (with the messages of
 * the language shown, `i18n/loyalty/`): `openbook-clv.js` keeps only the elements and what decides whether
 * they have anything to show. See `LoyaltySection`.
 */
import { renderMilestones } from '../milestones/milestones-view.ts';
import { renderRewards } from '../rewards/rewards-view.ts';
import { renderTier } from '../tier/tier-view.ts';
import { loyaltyFormat } from './loyalty-format.ts';
import { useLit } from './loyalty-lit.ts';

export const loyaltyViews = {
  useLit,
  format: loyaltyFormat,
  render: { tier: renderTier, milestones: renderMilestones, rewards: renderRewards },
} as const;

export type LoyaltyViews = typeof loyaltyViews;
