/**
 * Rewards: who qualifies (a tier or higher, a milestone reached, spend kept in the last 12 months: every
 * condition the vendor gave), and whether the reward is spent with points or is a status benefit. A
 * reward a customer cannot use yet lists exactly what is missing, so "what unlocks next" is in numbers.
 */
import type { Program, Reward } from '../schemas/program.ts';
import type { RewardState } from '../schemas/loyalty.ts';

export interface RewardFacts {
  /** The rank of the tier the customer holds (an override included). */
  rank: number;
  qualifyingValue: number;
  /** Progress of each milestone, by id. */
  milestones: ReadonlyMap<string, { name: string; target: number; current: number; reached: boolean }>;
  spendLast12Months: number;
  pointsBalance: number;
}

function termsOf(reward: Reward): RewardState['terms'] {
  switch (reward.kind) {
    case 'volume-discount':
      return { percent: reward.percent, ...(reward.minimumOrderAmount !== undefined ? { minimumOrderAmount: reward.minimumOrderAmount } : {}) };
    case 'cashback':
      return { percent: reward.percent };
    case 'free-shipping':
      return { repeatOrdersOnly: reward.repeatOrdersOnly };
    case 'exclusive-access':
      return { access: reward.access };
    default:
      return {};
  }
}

export function rewardState(reward: Reward, tiers: Program['tiers'], facts: RewardFacts): RewardState {
  const missing: RewardState['missing'] = [];
  const { tier, milestone, rolling12MonthSpendAtLeast } = reward.qualifies;
  if (tier !== undefined) {
    const rank = tiers.findIndex((candidate) => candidate.id === tier);
    const required = tiers[rank];
    if (required && rank > facts.rank) {
      missing.push({ type: 'tier', tierId: required.id, tierName: required.name, amountNeeded: Math.max(0, required.atLeast - facts.qualifyingValue) });
    }
  }
  if (milestone !== undefined) {
    const progress = facts.milestones.get(milestone);
    if (progress && !progress.reached) {
      missing.push({ type: 'milestone', milestoneId: milestone, milestoneName: progress.name, remaining: Math.max(0, progress.target - progress.current) });
    }
  }
  if (rolling12MonthSpendAtLeast !== undefined && facts.spendLast12Months < rolling12MonthSpendAtLeast) {
    missing.push({
      type: 'rolling-12-month-spend',
      atLeast: rolling12MonthSpendAtLeast,
      value: facts.spendLast12Months,
      amountNeeded: rolling12MonthSpendAtLeast - facts.spendLast12Months,
    });
  }
  const spendable = reward.pointsCost !== undefined;
  if (reward.pointsCost !== undefined && facts.pointsBalance < reward.pointsCost) {
    missing.push({ type: 'points', pointsCost: reward.pointsCost, balance: facts.pointsBalance, pointsNeeded: reward.pointsCost - facts.pointsBalance });
  }
  return {
    id: reward.id,
    name: reward.name,
    kind: reward.kind,
    description: reward.description ?? null,
    terms: termsOf(reward),
    spendable,
    pointsCost: reward.pointsCost ?? null,
    status: missing.length > 0 ? 'locked' : spendable ? 'redeemable' : 'active',
    missing,
  };
}
