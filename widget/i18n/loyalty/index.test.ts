import { expect } from '@open-wc/testing';
import type { Count } from '../en.ts';
import { loyaltyEn } from './en.ts';
import {
  loadLoyaltyMessages,
  loyaltyMessages,
  type LifecycleStage,
  type LoyaltyMessages,
  type MilestoneKind,
  type Qualification,
  type Retention,
  type RewardKind,
  type StageFacts,
} from './index.ts';
import { loyaltyZhCN } from './zh-CN.ts';
import { loyaltyZhTW } from './zh-TW.ts';

const catalogues = { en: loyaltyEn, 'zh-CN': loyaltyZhCN, 'zh-TW': loyaltyZhTW } as const;

/** Every key path of a catalogue with the kind of its value: `tier.since: function`. */
function shape(catalogue: object, prefix = ''): string[] {
  return Object.entries(catalogue).flatMap(([key, value]) =>
    typeof value === 'object' && value !== null && !Array.isArray(value)
      ? shape(value, `${prefix}${key}.`)
      : [`${prefix}${key}: ${typeof value}`],
  );
}

function differences(reference: object, other: object): { missing: string[]; extra: string[] } {
  const want = new Set(shape(reference));
  const have = new Set(shape(other));
  return { missing: [...want].filter((key) => !have.has(key)), extra: [...have].filter((key) => !want.has(key)) };
}

function strings(catalogue: object): string[] {
  return Object.values(catalogue).flatMap((value) =>
    typeof value === 'string' ? [value] : typeof value === 'object' && value !== null ? strings(value) : [],
  );
}

// Inputs without Latin letters, so that whatever Latin a Chinese message returns is its own.
const n = (value: number): Count => ({ value, text: String(value) });
const money = '¥1,000';
const day = '2025-06-30';
const metrics = ['spend', 'orders', 'points-earned'] as const;
const windows = ['rolling-12-months', 'lifetime'] as const;
const qualifications: Qualification[] = metrics.flatMap((metric) => windows.map((window) => ({ metric, window })));
const stages: LifecycleStage[] = ['acquisition', 'growth', 'maturity', 'maintenance', 'churn-risk', 'lapsed', 'won-back'];
const rules = [
  'no-orders-yet',
  'lapsed-probability-alive',
  'lapsed-days-without-order',
  'churn-risk-probability-alive',
  'churn-risk-days-without-order',
  'won-back-after-gap',
  'acquisition-first-days',
  'growth-first-year',
  'growth-spend-rising',
  'maintenance-spend-falling',
  'maturity-spend-steady',
];
const kinds: MilestoneKind[] = ['tenure-years', 'lifetime-spend', 'orders', 'products', 'first-nps-answer', 'custom'];
const rewardKinds: RewardKind[] = ['volume-discount', 'free-shipping', 'cashback', 'exclusive-access', 'priority-support'];
const facts = (probabilityAlive?: string): StageFacts => ({
  tenureDays: n(83),
  daysSinceLastOrder: n(200),
  probabilityAlive,
  spendLast12Months: money,
  spendPrevious12Months: money,
  trend: '92.6%',
  returnedOn: day,
  gapDays: n(400),
  thresholds: {
    acquisitionDays: n(90),
    churnRiskBelowProbabilityAlive: '50%',
    lapsedBelowProbabilityAlive: '20%',
    churnRiskAfterDaysWithoutOrder: n(180),
    lapsedAfterDaysWithoutOrder: n(365),
    wonBackForDays: n(180),
    growthAbove: '120%',
    maintenanceBelow: '80%',
  },
});

/** Every message of a catalogue, with every variant its inputs choose between. */
function everyMessage(m: LoyaltyMessages): string[] {
  const out: string[] = [m.period(day, day), m.points(n(1)), m.points(n(2))];
  for (const q of qualifications) {
    const retention: Retention = {
      tier: '★',
      keepAtLeast: money,
      graceMonths: n(3),
      fallsBelowOn: day,
      keptThrough: day,
      expiresOn: day,
      tierAfter: '☆',
      amountToKeep: money,
      amountToKeepIsZero: false,
      valueThen: money,
    };
    out.push(
      m.amount({ metric: q.metric, count: n(3) }),
      m.tier.qualifyingLabel(q),
      m.tier.qualifyingExplain({ ...q, value: money, from: day, through: day }),
      m.tier.qualifyingExplain({ ...q, value: money, through: day }),
      m.tier.rule({ ...q, tier: '★', atLeast: money, keepAtLeast: money, first: false }),
      m.tier.rule({ ...q, tier: '★', atLeast: money, keepAtLeast: '¥800', first: false }),
      m.tier.rule({ ...q, tier: '★', atLeast: money, keepAtLeast: money, first: true }),
      m.tier.neededExplain({ ...q, tier: '★', target: money, value: money, amount: money }),
      m.tier.paceExplain({ purchases: '8.6', spend: money, window: q.window }),
      m.tier.keepForever({ ...q, tier: '★' }),
      m.tier.keep({ ...q, ...retention }),
      m.tier.keep({ ...q, ...retention, amountToKeepIsZero: true }),
      m.tier.grace({ ...q, ...retention, fellBelowOn: day }),
      m.tier.override({ ...q, ...retention, endsOn: day }),
      m.tier.override({ ...q, ...retention, endsOn: day, amountToKeepIsZero: true }),
      m.tier.keepExplain({ ...q, ...retention, inGrace: true }),
      m.tier.keepExplain({ ...q, ...retention, inGrace: false, graceMonths: n(0) }),
      m.tier.keepExplain({ ...q, ...retention, inGrace: false, fallsBelowOn: undefined }),
    );
  }
  out.push(
    m.tier.since(day),
    m.tier.setUntil(day),
    m.tier.computed({ tier: '★', from: day }),
    m.tier.progressLabel('★'),
    m.tier.progressValue({ value: money, target: money }),
    m.tier.needed({ amount: money, tier: '★' }),
    m.tier.alreadyThere('★'),
    m.tier.top('★'),
    m.tier.reaches({ tier: '★', date: day }),
    m.tier.notAtPace({ tier: '★', date: day, amount: money, orders: n(52), perOrder: money }),
    m.tier.notAtPace({ tier: '★', date: day, amount: money }),
    m.tier.paceUnavailable,
    m.tier.keepTitle('★'),
    m.tier.keepBase('★'),
    m.tier.ends({ tier: '★', expiresOn: day, tierAfter: '☆' }),
    m.tier.keepsAtPace({ value: money, date: day }),
    m.tier.losesAtPace({ value: money, date: day }),
    m.tier.benefitsTitle('★'),
    m.tier.nextBenefitsTitle('★'),
    m.tier.noBenefits,
    m.pointsBlock.label,
    m.pointsBlock.separate({ countsEarned: true, earned: money }),
    m.pointsBlock.separate({ countsEarned: false, earned: money }),
    m.pointsBlock.expiring({ points: money, date: day }),
    ...m.pointsBlock.explain({ earned: money, redeemed: money, expired: money, balance: money, perUnit: n(1), currencyUnit: money, expiryMonths: n(24) }),
    ...m.pointsBlock.explain({ earned: money, redeemed: money, expired: money, balance: money, perUnit: n(2), currencyUnit: money }),
    m.stage.label,
    m.stage.explain,
    ...stages.map((stage) => m.stage.name(stage)),
    ...rules.flatMap((rule) => [m.stage.rule(rule, facts('76.5%')), m.stage.rule(rule, facts())]),
    m.milestones.reachedCount({ reached: n(3), total: n(7) }),
    m.milestones.reachedTitle,
    m.milestones.nextTitle,
    m.milestones.noneReached,
    m.milestones.allReached,
    m.milestones.reachedOn(day),
    m.milestones.pointsAwarded(money),
    ...kinds.flatMap((kind) => [
      m.milestones.amount({ kind, count: n(2) }),
      m.milestones.progress({ kind, current: n(0), target: n(1) }),
      m.milestones.progress({ kind, current: n(1), target: n(1) }),
      m.milestones.notAtPace({ kind, date: day, amount: money, orders: n(62), perOrder: money }),
      m.milestones.counts(kind),
    ]),
    m.milestones.onDate(day),
    m.milestones.atPace(day),
    m.milestones.paceUnavailable,
    m.milestones.more(n(4)),
    m.rewards.nowTitle,
    m.rewards.nextTitle,
    m.rewards.noneNow,
    m.rewards.noneLocked,
    m.rewards.active,
    m.rewards.redeemable(money),
    m.rewards.costs(money),
    ...rewardKinds.flatMap((kind) => [
      m.rewards.terms({ kind, percent: '5%', minimumOrderAmount: money, repeatOrdersOnly: true, access: '★' }),
      m.rewards.terms({ kind, percent: '5%', repeatOrdersOnly: false, access: '★' }),
    ]),
    m.rewards.unlocksWith,
    m.rewards.missingTier({ tier: '★', amount: money }),
    m.rewards.missingMilestone({ milestone: '★', remaining: money }),
    m.rewards.missingSpend({ atLeast: money, amount: money }),
    m.rewards.missingPoints({ cost: money, balance: money, needed: money }),
  );
  return out;
}

describe('loyalty message catalogues', () => {
  it('have exactly the keys of the English catalogue, with the same kinds of values', () => {
    for (const [tag, catalogue] of Object.entries(catalogues)) {
      expect(differences(loyaltyEn, catalogue), tag).to.deep.equal({ missing: [], extra: [] });
    }
  });

  it('the key check catches a missing key and an extra one', () => {
    const { noBenefits: _dropped, ...tierLacking } = loyaltyZhCN.tier;
    expect(differences(loyaltyEn, { ...loyaltyZhCN, tier: tierLacking }).missing).to.deep.equal(['tier.noBenefits: string']);
    const withExtra = { ...loyaltyZhTW, rewards: { ...loyaltyZhTW.rewards, badge: '徽章' } };
    expect(differences(loyaltyEn, withExtra).extra).to.deep.equal(['rewards.badge: string']);
  });

  it('have no empty strings, and the Chinese ones no untranslated English', () => {
    for (const catalogue of Object.values(catalogues)) {
      for (const value of strings(catalogue)) expect(value.trim(), catalogue.lang).not.to.equal('');
    }
    for (const catalogue of [loyaltyZhCN, loyaltyZhTW]) {
      const untranslated = strings(catalogue).filter((value) => value !== catalogue.lang && !/[\u4e00-\u9fff]/.test(value));
      expect(untranslated, catalogue.lang).to.deep.equal([]);
    }
  });

  it('word every stage, rule, milestone kind, reward kind, metric and window, in every language', () => {
    for (const catalogue of Object.values(catalogues)) {
      const messages = everyMessage(catalogue);
      const broken = messages.filter(
        (message) => typeof message !== 'string' || message.trim() === '' || /undefined|\[object|NaN/.test(message),
      );
      // Rewards of kind "other" have no terms, by design; every kind listed here has.
      expect(broken, catalogue.lang).to.deep.equal([]);
    }
  });

  it('leave no English in the Chinese messages, whatever the inputs choose', () => {
    for (const catalogue of [loyaltyZhCN, loyaltyZhTW]) {
      const english = everyMessage(catalogue).filter((message) => /[A-Za-z]{2,}/.test(message));
      expect(english, catalogue.lang).to.deep.equal([]);
    }
  });

  it('pluralise English with the number as displayed', () => {
    expect(loyaltyEn.points(n(1))).to.equal('1 point');
    expect(loyaltyEn.amount({ metric: 'orders', count: n(1) })).to.equal('1 order');
    expect(loyaltyEn.milestones.progress({ kind: 'tenure-years', current: n(0), target: n(1) })).to.equal('0 of 1 year with us');
    expect(loyaltyEn.tier.notAtPace({ tier: 'Gold', date: 'June 1, 2026', amount: '$5.00', orders: n(1), perOrder: '$5.00' })).to.equal(
      'Not at your current pace: on June 1, 2026 you would still need $5.00 more for Gold. About 1 more order of ' +
        'your usual size ($5.00) would close the gap.',
    );
  });
});

describe('loading the loyalty messages', () => {
  it('fetches each language once and keeps it', async () => {
    for (const tag of ['en', 'zh-CN', 'zh-TW'] as const) {
      const [first, second] = await Promise.all([loadLoyaltyMessages(tag), loadLoyaltyMessages(tag)]);
      expect(first).to.equal(second);
      expect(loyaltyMessages(tag)).to.equal(first);
      expect(first.lang).to.equal(tag);
      expect(await loadLoyaltyMessages(tag)).to.equal(first);
    }
  });
});
