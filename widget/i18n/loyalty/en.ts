/**
 * English messages of the loyalty sections (tier, milestones, rewards): the reference catalogue for
 * `zh-CN.ts` and `zh-TW.ts`, which implement the same `LoyaltyMessages`; `index.test.ts` beside them checks
 * that they have exactly the same keys. Loaded on first use, one language at a time (see `index.ts`).
 *
 * As in the main catalogues, numbers, money and dates arrive formatted; a catalogue decides wording, word
 * order and plurals. Names the vendor chose (tiers, benefits, milestones, rewards) arrive as they are and are
 * only ever put into text, never into markup.
 */
import type { Count } from '../en.ts';

export type QualifyingMetric = 'spend' | 'orders' | 'points-earned';
export type QualifyingWindow = 'rolling-12-months' | 'lifetime';
export type MilestoneKind = 'tenure-years' | 'lifetime-spend' | 'orders' | 'products' | 'first-nps-answer' | 'custom';

/** A value of the qualifying metric: `count.text` is already money for `spend`. */
export interface MetricValue {
  readonly metric: QualifyingMetric;
  readonly count: Count;
}

/** A value in a milestone's unit: `count.text` is already money for `lifetime-spend`. */
export interface MilestoneValue {
  readonly kind: MilestoneKind;
  readonly count: Count;
}

/** How the qualifying value is counted. */
export interface Qualification {
  readonly metric: QualifyingMetric;
  readonly window: QualifyingWindow;
}

/** The pace projections assume, formatted: expected purchases in the next 12 months and their size. */
export interface PaceFigures {
  readonly purchases: string;
  /** Expected spend per purchase. */
  readonly spend: string;
}

/** "Not at your current pace", and what would change it. */
export interface Shortfall {
  /** The date 12 months from today. */
  readonly date: string;
  /** Still missing on that date, in the unit of the target. */
  readonly amount: string;
  /** Extra purchases of the customer's usual size that close the gap; absent when they would not say more. */
  readonly orders?: Count;
  readonly perOrder?: string;
}

/** What keeps the current tier, and until when, for the tier card. */
export interface Retention {
  readonly tier: string;
  readonly keepAtLeast: string;
  readonly graceMonths: Count;
  /** The first day under keepAtLeast with no new orders (in the past when in grace). */
  readonly fallsBelowOn?: string;
  readonly keptThrough?: string;
  readonly expiresOn?: string;
  readonly tierAfter?: string;
  /** What must be added by keptThrough, in the qualifying unit. */
  readonly amountToKeep: string;
  readonly amountToKeepIsZero: boolean;
  /** The qualifying value on keptThrough with no new orders. */
  readonly valueThen: string;
}

export type LifecycleStage = 'acquisition' | 'growth' | 'maturity' | 'maintenance' | 'churn-risk' | 'lapsed' | 'won-back';

/** The inputs and thresholds behind a lifecycle rule, formatted; each present when the rule uses it. */
export interface StageFacts {
  readonly tenureDays?: Count;
  readonly daysSinceLastOrder?: Count;
  /** Absent when the vendor hides P(alive) from customers. */
  readonly probabilityAlive?: string;
  readonly spendLast12Months: string;
  readonly spendPrevious12Months: string;
  /** Last 12 months as a share of the 12 before, a percentage. */
  readonly trend?: string;
  readonly returnedOn?: string;
  readonly gapDays?: Count;
  readonly thresholds: {
    readonly acquisitionDays?: Count;
    readonly churnRiskBelowProbabilityAlive?: string;
    readonly lapsedBelowProbabilityAlive?: string;
    readonly churnRiskAfterDaysWithoutOrder?: Count;
    readonly lapsedAfterDaysWithoutOrder?: Count;
    readonly wonBackForDays?: Count;
    /** Percentages. */
    readonly growthAbove?: string;
    readonly maintenanceBelow?: string;
  };
}

export type RewardKind = 'volume-discount' | 'free-shipping' | 'cashback' | 'exclusive-access' | 'priority-support' | 'other';

export interface LoyaltyMessages {
  /** BCP 47 tag of the catalogue's language (the same as the main catalogue's). */
  readonly lang: string;

  /** "$12.50", "12 orders", "4,422 points". */
  amount(value: MetricValue): string;
  points(n: Count): string;
  /** "June 2, 2024 – June 1, 2025". */
  period(from: string, through: string): string;

  readonly tier: {
    since(date: string): string;
    /** Under the tier's name while a tier set by the vendor runs. */
    setUntil(date: string): string;
    qualifyingLabel(q: Qualification): string;
    /** The qualifying value: what counts, over which days. */
    qualifyingExplain(a: Qualification & { value: string; from?: string; through: string }): string;
    /** What reaches and keeps the current tier. */
    rule(a: Qualification & { tier: string; atLeast: string; keepAtLeast: string; first: boolean }): string;
    /** The tier the customer's own figures give, when a tier set by the vendor differs from it. */
    computed(a: { tier: string; from: string }): string;
    progressLabel(tier: string): string;
    /** "$819.85 of $5,000.00": also the progress bar's aria-valuetext. */
    progressValue(a: { value: string; target: string }): string;
    needed(a: { amount: string; tier: string }): string;
    /** The next tier is already within reach of the figures (under a tier set by the vendor). */
    alreadyThere(tier: string): string;
    neededExplain(a: Qualification & { tier: string; target: string; value: string; amount: string }): string;
    top(tier: string): string;
    reaches(a: { tier: string; date: string }): string;
    notAtPace(a: { tier: string } & Shortfall): string;
    /** No date can be projected yet: the vendor has not scored its customers. */
    readonly paceUnavailable: string;
    /** What a projection assumes. */
    paceExplain(a: PaceFigures & { window: QualifyingWindow }): string;
    keepTitle(tier: string): string;
    /** The first tier: nothing to keep. */
    keepBase(tier: string): string;
    keepForever(a: Qualification & { tier: string }): string;
    /** Kept, with an end date when nothing more is bought: what to add, by when. */
    keep(a: Qualification & Retention): string;
    /** In grace: below what keeps the tier since `fellBelowOn`. */
    grace(a: Qualification & Retention & { fellBelowOn: string }): string;
    /**
     * A tier set by the vendor, through `endsOn`. (The override's `reason` is a note for the vendor, "shown to
     * the vendor" in the API: the widget never shows it.)
     */
    override(a: Qualification & Retention & { endsOn: string }): string;
    ends(a: { tier: string; expiresOn: string; tierAfter: string }): string;
    keepsAtPace(a: { value: string; date: string }): string;
    losesAtPace(a: { value: string; date: string }): string;
    keepExplain(a: Qualification & Retention & { inGrace: boolean }): string;
    benefitsTitle(tier: string): string;
    nextBenefitsTitle(tier: string): string;
    readonly noBenefits: string;
  };

  readonly pointsBlock: {
    readonly label: string;
    /** Points and tier kept apart: what the balance is for, and whether points count towards the tier. */
    separate(a: { countsEarned: boolean; earned: string }): string;
    expiring(a: { points: string; date: string }): string;
    explain(a: {
      earned: string;
      redeemed: string;
      expired: string;
      balance: string;
      perUnit: Count;
      currencyUnit: string;
      expiryMonths?: Count;
    }): string[];
  };

  readonly stage: {
    readonly label: string;
    name(stage: LifecycleStage): string;
    /** The rule that put the customer in their stage, in their numbers; empty for a rule this version does not know. */
    rule(rule: string, facts: StageFacts): string;
    readonly explain: string;
  };

  readonly milestones: {
    reachedCount(a: { reached: Count; total: Count }): string;
    readonly reachedTitle: string;
    readonly nextTitle: string;
    readonly noneReached: string;
    readonly allReached: string;
    reachedOn(date: string): string;
    pointsAwarded(points: string): string;
    amount(value: MilestoneValue): string;
    /** "4 of 10 orders": the visible progress and the bar's aria-valuetext. */
    progress(a: { kind: MilestoneKind; current: Count; target: Count }): string;
    onDate(date: string): string;
    atPace(date: string): string;
    notAtPace(a: Shortfall & { kind: MilestoneKind }): string;
    readonly paceUnavailable: string;
    /** What counts towards a milestone of this kind. */
    counts(kind: MilestoneKind): string;
    more(n: Count): string;
  };

  readonly rewards: {
    readonly nowTitle: string;
    readonly nextTitle: string;
    readonly noneNow: string;
    readonly noneLocked: string;
    /** A status benefit in use. */
    readonly active: string;
    redeemable(points: string): string;
    costs(points: string): string;
    terms(a: {
      kind: RewardKind;
      percent?: string;
      minimumOrderAmount?: string;
      repeatOrdersOnly?: boolean;
      /** The vendor's words, joined as a list. */
      access?: string;
    }): string;
    readonly unlocksWith: string;
    missingTier(a: { tier: string; amount: string }): string;
    missingMilestone(a: { milestone: string; remaining: string }): string;
    missingSpend(a: { atLeast: string; amount: string }): string;
    missingPoints(a: { cost: string; balance: string; needed: string }): string;
  };
}

const zero: Count = { value: 0, text: '0' };

// Plural rules see the number as displayed (at most two decimals).
const plural = new Intl.PluralRules('en', { maximumFractionDigits: 2 });
const unit = (n: Count, one: string, other: string): string =>
  `${n.text} ${plural.select(n.value) === 'one' ? one : other}`;
const days = (n: Count): string => unit(n, 'day', 'days');
const months = (n: Count): string => unit(n, 'month', 'months');
const orders = (n: Count): string => unit(n, 'order', 'orders');
const points = (n: Count): string => unit(n, 'point', 'points');

const amount = ({ metric, count }: MetricValue): string =>
  metric === 'spend' ? count.text : metric === 'orders' ? orders(count) : points(count);

/** "spend in the last 12 months", "orders, over your whole time with us". */
const what = ({ metric, window }: Qualification): string => {
  const counted = metric === 'spend' ? 'spend' : metric === 'orders' ? 'orders' : 'points earned';
  return window === 'lifetime' ? `lifetime ${counted}` : `${counted} in the last 12 months`;
};
/** "$5,000.00 of spend in the last 12 months", "12 orders in the last 12 months", "5,000 points earned in total". */
const threshold = (q: Qualification, amountText: string): string => {
  if (q.metric === 'spend') return `${amountText} of ${what(q)}`;
  const earned = q.metric === 'points-earned' ? ' earned' : '';
  return `${amountText}${earned} ${q.window === 'lifetime' ? 'in total' : 'in the last 12 months'}`;
};
/** "About 52 more orders of your usual size ($83.55)". */
const moreOrders = (n: Count, perOrder: string | undefined): string =>
  `About ${n.text} more ${plural.select(n.value) === 'one' ? 'order' : 'orders'} of your usual size` +
  `${perOrder ? ` (${perOrder})` : ''} would close the gap.`;

/** "Spend $180.15 more", "Add 2 orders". */
const addMore = (metric: QualifyingMetric, amountText: string): string =>
  metric === 'spend' ? `Spend ${amountText} more` : `Add ${amountText}`;
const capitalised = (text: string): string => text.charAt(0).toUpperCase() + text.slice(1);

/** How long a tier is kept after the month of a fall: "for the rest of that month and 3 months more". */
const graceWords = (n: Count): string =>
  n.value === 0 ? 'for the rest of that month' : `for the rest of that month and ${months(n)} more`;

const spendTrend = (f: StageFacts): string =>
  `Your spend in the last 12 months (${f.spendLast12Months}) is ${f.trend} of the 12 months before ` +
  `(${f.spendPrevious12Months})`;

export const loyaltyEn: LoyaltyMessages = {
  lang: 'en',

  amount,
  points,
  period: (from, through) => `${from} – ${through}`,

  tier: {
    since: (date) => `Since ${date}`,
    setUntil: (date) => `Set for you through ${date}`,
    qualifyingLabel: (q) => capitalised(what(q)),
    qualifyingExplain: ({ metric, window, value, from, through }) => {
      const counted =
        metric === 'spend'
          ? 'What you paid for the orders you kept (refunded orders do not count)'
          : metric === 'orders'
            ? 'The orders you kept (refunded orders do not count)'
            : 'The points you earned on orders and milestones (spending points does not lower this)';
      const when = window === 'lifetime' ? (from ? `from ${from} through ${through}` : `through ${through}`) : `from ${from ?? through} through ${through}`;
      return `${counted}, ${when}: ${value}. This is what decides your tier.`;
    },
    rule: ({ tier, atLeast, keepAtLeast, first, ...q }) =>
      first
        ? `${tier} is the first tier: every customer has it.`
        : atLeast === keepAtLeast
          ? `${tier} starts at ${threshold(q, atLeast)}, and is kept while it stays there.`
          : `${tier} starts at ${threshold(q, atLeast)}, and is kept while it stays at ${keepAtLeast} or more.`,
    computed: ({ tier, from }) => `Your own figures give ${tier}; they decide again from ${from}.`,
    progressLabel: (tier) => `Progress to ${tier}`,
    progressValue: ({ value, target }) => `${value} of ${target}`,
    needed: ({ amount: a, tier }) => `${a} more to reach ${tier}`,
    alreadyThere: (tier) => `Your figures already reach ${tier}.`,
    neededExplain: ({ tier, target, value, amount: a, ...q }) =>
      `${tier} starts at ${threshold(q, target)}: ${target} − ${value} = ${a}.`,
    top: (tier) => `${tier} is the highest tier.`,
    reaches: ({ tier, date }) => `At your pace you reach ${tier} on ${date}.`,
    notAtPace: ({ tier, date, amount: a, orders: n, perOrder }) =>
      `Not at your current pace: on ${date} you would still need ${a} more for ${tier}.` +
      (n && perOrder ? ` ${moreOrders(n, perOrder)}` : ''),
    paceUnavailable: 'A date at your pace appears once your vendor has scored its customers.',
    paceExplain: ({ purchases, spend, window }) =>
      `Your pace: from how you have bought so far, the models of your predicted value expect ${purchases} ` +
      `purchases from you in the next 12 months, of about ${spend} each.` +
      (window === 'lifetime' ? '' : ' Orders older than 12 months stop counting as they leave the window.'),
    keepTitle: (tier) => `Keeping ${tier}`,
    keepBase: (tier) => `${tier} is the first tier: there is nothing to keep.`,
    keepForever: ({ tier, ...q }) => `You keep ${tier} for good: your ${what(q)} cannot go down.`,
    keep: ({ tier, metric, amountToKeep, amountToKeepIsZero, keptThrough }) =>
      amountToKeepIsZero
        ? `You keep ${tier} through ${keptThrough}.`
        : `${addMore(metric, amountToKeep)} by ${keptThrough} to keep ${tier}.`,
    grace: ({ tier, keepAtLeast, fellBelowOn, amountToKeep, keptThrough, ...q }) =>
      `Since ${fellBelowOn} your ${what(q)} is below the ${keepAtLeast} that keeps ${tier}. ` +
      `${addMore(q.metric, amountToKeep)} by ${keptThrough} to keep it.`,
    override: ({ tier, metric, endsOn, amountToKeep, amountToKeepIsZero }) =>
      `Your vendor has set your tier to ${tier} through ${endsOn}. ` +
      (amountToKeepIsZero
        ? 'After that, your own figures keep it.'
        : `After that your own figures decide: ${metric === 'spend' ? `spend ${amountToKeep} more` : `add ${amountToKeep}`} ` +
          `by ${endsOn} to keep it.`),
    ends: ({ tier, expiresOn, tierAfter }) =>
      `With no new orders, ${tier} ends on ${expiresOn} and you move to ${tierAfter}.`,
    keepsAtPace: ({ value, date }) => `At your pace you keep it: we expect ${value} on ${date}.`,
    losesAtPace: ({ value, date }) => `Not at your current pace: we expect ${value} on ${date}.`,
    keepExplain: ({ tier, keepAtLeast, graceMonths, fallsBelowOn, keptThrough, valueThen, amountToKeep, inGrace, ...q }) =>
      `${tier} is kept while your ${what(q)} stays at ${keepAtLeast} or more. ` +
      (fallsBelowOn
        ? inGrace
          ? `It went below that on ${fallsBelowOn}; you keep ${tier} ${graceWords(graceMonths)}, through ${keptThrough}. `
          : `As older orders leave the window, with no new orders it would go below that on ${fallsBelowOn}; ` +
            `you would keep ${tier} ${graceWords(graceMonths)}, through ${keptThrough}. `
        : '') +
      `On ${keptThrough} it would be ${valueThen} with no new orders: ${keepAtLeast} − ${valueThen} = ${amountToKeep}.`,
    benefitsTitle: (tier) => `Your ${tier} benefits`,
    nextBenefitsTitle: (tier) => `With ${tier}`,
    noBenefits: 'No benefits listed.',
  },

  pointsBlock: {
    label: 'Points to spend',
    separate: ({ countsEarned, earned }) =>
      countsEarned
        ? `Your tier counts the points you have earned (${earned}), not this balance: using points never lowers your tier.`
        : 'Points are for rewards. They do not count towards your tier, so using them never costs you your tier.',
    expiring: ({ points: p, date }) => `Next to expire: ${p}, usable through ${date}.`,
    explain: ({ earned, redeemed, expired, balance, perUnit, currencyUnit, expiryMonths }) => [
      `${earned} earned − ${redeemed} used − ${expired} expired = ${balance}.`,
      `You earn ${points(perUnit)} for every ${currencyUnit} of each order you keep (rounded down per order), ` +
        'and the points of the milestones you reach.',
      expiryMonths
        ? `Points can be used for the rest of the month you earn them and ${months(expiryMonths)} more.`
        : 'Points do not expire.',
    ],
  },

  stage: {
    label: 'Your stage',
    name: (stage) =>
      ({
        acquisition: 'New customer',
        growth: 'Growing',
        maturity: 'Steady',
        maintenance: 'Buying less',
        'churn-risk': 'At risk of leaving',
        lapsed: 'Inactive',
        'won-back': 'Welcome back',
      })[stage],
    rule: (rule, f) => {
      const t = f.thresholds;
      switch (rule) {
        case 'no-orders-yet':
          return 'You have not placed an order yet.';
        case 'lapsed-probability-alive':
          return f.probabilityAlive
            ? `Customers who bought as you did are still buying ${f.probabilityAlive} of the time; below ` +
                `${t.lapsedBelowProbabilityAlive} we count a customer as inactive.`
            : 'From how often and how recently you bought, it is unlikely that you are still buying.';
        case 'churn-risk-probability-alive':
          return f.probabilityAlive
            ? `Customers who bought as you did are still buying ${f.probabilityAlive} of the time; below ` +
                `${t.churnRiskBelowProbabilityAlive} we count a customer as at risk of leaving.`
            : 'From how often and how recently you bought, we are not sure you are still buying.';
        case 'lapsed-days-without-order':
          return `Your last order was ${days(f.daysSinceLastOrder ?? zero)} ago; after ` +
            `${days(t.lapsedAfterDaysWithoutOrder ?? zero)} without an order we count a customer as inactive.`;
        case 'churn-risk-days-without-order':
          return `Your last order was ${days(f.daysSinceLastOrder ?? zero)} ago; after ` +
            `${days(t.churnRiskAfterDaysWithoutOrder ?? zero)} without an order we count a customer as at risk of leaving.`;
        case 'won-back-after-gap':
          return `You came back on ${f.returnedOn} after ${days(f.gapDays ?? zero)} without an order; ` +
            `for ${days(t.wonBackForDays ?? zero)} after such a return we count you as won back.`;
        case 'acquisition-first-days':
          return `Your first order was ${days(f.tenureDays ?? zero)} ago: your first ` +
            `${days(t.acquisitionDays ?? zero)} with us count as your start.`;
        case 'growth-first-year':
          return 'There is no spend in the 12 months before the last 12 to compare with yet, so we count you as growing.';
        case 'growth-spend-rising':
          return `${spendTrend(f)}; above ${t.growthAbove} counts as growing.`;
        case 'maintenance-spend-falling':
          return `${spendTrend(f)}; below ${t.maintenanceBelow} counts as buying less.`;
        case 'maturity-spend-steady':
          return `${spendTrend(f)}; between ${t.maintenanceBelow} and ${t.growthAbove} counts as steady.`;
        default:
          return '';
      }
    },
    explain:
      'We look, in this order, at whether you are likely to be still buying (or, without enough orders to ' +
      'tell, the days since your last order), at a return after a long gap, at your first months with us, and ' +
      'at how your spend of the last 12 months compares with the 12 months before.',
  },

  milestones: {
    reachedCount: ({ reached, total }) => `${reached.text} of ${total.text} reached`,
    reachedTitle: 'Reached',
    nextTitle: 'Next',
    noneReached: 'None reached yet.',
    allReached: 'You have reached every milestone.',
    reachedOn: (date) => `Reached on ${date}`,
    pointsAwarded: (p) => `+${p}`,
    amount: ({ kind, count }) => {
      switch (kind) {
        case 'tenure-years':
          return unit(count, 'year', 'years');
        case 'orders':
          return orders(count);
        case 'products':
          return unit(count, 'product', 'products');
        case 'first-nps-answer':
          return unit(count, 'answer', 'answers');
        default:
          return count.text;
      }
    },
    progress: ({ kind, current, target }) => {
      switch (kind) {
        case 'tenure-years':
          return `${current.text} of ${unit(target, 'year', 'years')} with us`;
        case 'lifetime-spend':
          return `${current.text} of ${target.text} spent`;
        case 'orders':
          return `${current.text} of ${orders(target)}`;
        case 'products':
          return `${current.text} of ${unit(target, 'product', 'products')}`;
        case 'first-nps-answer':
          return current.value >= target.value ? 'Answered' : 'Not answered yet';
        default:
          return `${current.text} of ${target.text}`;
      }
    },
    onDate: (date) => `On ${date}`,
    atPace: (date) => `At your pace: ${date}`,
    notAtPace: ({ kind, date, amount: a, orders: n, perOrder }) =>
      `Not at your current pace: on ${date} you would still need ${a} more.` +
      (n && kind !== 'orders' ? ` ${moreOrders(n, perOrder)}` : ''),
    paceUnavailable: 'A date at your pace appears once your vendor has scored its customers.',
    counts: (kind) =>
      ({
        'tenure-years': 'Whole years since your first order.',
        'lifetime-spend': 'What you have paid for the orders you kept, over your whole time with us.',
        orders: 'The orders you kept; refunded orders do not count.',
        products: 'The different products you have bought.',
        'first-nps-answer': 'Reached when you first answer one of our satisfaction surveys.',
        custom: 'Your vendor marks this one when you reach it.',
      })[kind],
    more: (n) => unit(n, 'more milestone', 'more milestones'),
  },

  rewards: {
    nowTitle: 'Yours now',
    nextTitle: 'Unlocks next',
    noneNow: 'None yet: see below what unlocks them.',
    noneLocked: 'You have unlocked every reward.',
    active: 'With your tier',
    redeemable: (p) => `Yours for ${p}`,
    costs: (p) => `Costs ${p}`,
    terms: ({ kind, percent, minimumOrderAmount, repeatOrdersOnly, access }) => {
      switch (kind) {
        case 'volume-discount':
          return minimumOrderAmount ? `${percent} off orders of ${minimumOrderAmount} or more` : `${percent} off your orders`;
        case 'free-shipping':
          return repeatOrdersOnly ? 'Free shipping on repeat orders' : 'Free shipping on every order';
        case 'cashback':
          return `${percent} back on what you spend`;
        case 'exclusive-access':
          return access ? `Access to ${access}` : '';
        case 'priority-support':
          return 'Your requests go to the priority support queue';
        default:
          return '';
      }
    },
    unlocksWith: 'Unlocks with:',
    missingTier: ({ tier, amount: a }) => `${tier}: ${a} to go`,
    missingMilestone: ({ milestone, remaining }) => `The milestone “${milestone}”: ${remaining} to go`,
    missingSpend: ({ atLeast, amount: a }) => `${atLeast} of spend in 12 months: ${a} to go`,
    missingPoints: ({ cost, balance, needed }) => `${cost}: you have ${balance}, ${needed} to go`,
  },
};

