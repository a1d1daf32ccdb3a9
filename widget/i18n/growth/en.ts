/**
 * English messages of the growth sections (suggestions, goals, simulator): the reference catalogue for
 * `zh-CN.ts` and `zh-TW.ts`, which implement the same `GrowthMessages`; `index.test.ts` beside them checks
 * that they have exactly the same keys. Loaded on first use, one language at a time (see `index.ts`).
 *
 * As in the main catalogues, numbers, money and dates arrive formatted; a catalogue decides wording, word
 * order and plurals. Names the vendor or a person chose (products, segments, tiers, milestones, notes, rep
 * ids) arrive as they are and are only ever put into text, never into markup.
 */
import type { GoalEventKind, GoalMetric } from '../../../shared/schemas/goals.ts';
import type { SegmentDimension } from '../../../shared/schemas/suggestions.ts';
import type { Count } from '../en.ts';

/** The peers an explanation quotes: customers of one of the customer's segments, or all customers (null). */
export interface Segment {
  readonly dimension: SegmentDimension;
  /** The vendor's own word for the segment ("logistics", "enterprise", "201-1000"). */
  readonly value: string;
}

/** How much sooner: in days, weeks or months, whichever reads best. */
export interface Sooner {
  readonly unit: 'day' | 'week' | 'month';
  readonly count: Count;
}

/** A goal's target as read: money and counts formatted, a tier by its name. */
export interface GoalTerms {
  readonly metric: GoalMetric;
  /** `text` is money for spend12m and predictedValue, the tier's name for tierByDate. */
  readonly target: Count;
  readonly due: string;
}

/** Who did something to a goal, as the viewer reads it. */
export type GoalActorKind = 'you' | 'customer' | 'account-team' | 'rep' | 'system';

/** Why a section's own request failed, in general terms. */
export interface RequestErrorMessages {
  readonly network: string;
  /** 429 or 503. */
  readonly busy: string;
  /** 401 or 403 even with a fresh token, or no token to be had. */
  readonly session: string;
  status(status: number): string;
  readonly unreadable: string;
}

/** Why the server refused a goal's action. */
export interface GoalsErrorMessages {
  /** 400 naming the target: not a valid target for the measure. */
  readonly badTarget: string;
  /** 400 naming the due date: in the past, or too far ahead. */
  readonly badDueDate: string;
  /** Any other 400. */
  readonly badRequest: string;
  /** 403: the caller made the proposal it tried to answer. */
  readonly forbidden: string;
  /** 409 goal_ended. */
  readonly ended: string;
  /** 409 goal_accepted. */
  readonly accepted: string;
  /** 409 too_many_goals. */
  readonly tooMany: string;
  /** 404: the goal (or the customer) is gone. */
  readonly notFound: string;
}

export interface GrowthMessages {
  readonly lang: string;

  readonly errors: RequestErrorMessages;

  readonly suggestions: {
    readonly intro: string;
    /** "62% of customers in logistics who use Invoicing also use Payroll." */
    coAdoption(a: { share: string; segment: Segment | null; antecedent: string; product: string }): string;
    /** The counts behind a share: "27 of 45 customers". */
    counts(a: { both: Count; all: Count }): string;
    /** Volume upgrade: "You spent $X on Y in the last 12 months; Z costs $T." */
    upgradeVolume(a: { spend: string; from: string; product: string; threshold: string }): string;
    /** Plan upgrade: "You spent $X on top of your Y in the last 12 months; Z costs $T more a year." */
    upgradePlan(a: { spend: string; from: string; product: string; threshold: string }): string;
    /** Peers who moved up the same way. */
    upgradePeers(a: { share: string; segment: Segment | null; from: string; product: string }): string;
    readonly whyLabel: string;
    readonly effectLabel: string;
    /** Change of the predicted value (BG/NBD and gamma-gamma) with the product in the basket. */
    valueChange(a: { months: Count; before: string; after: string; change: string }): string;
    /** Change of the subscription's expected value (shifted-beta-geometric) at the new monthly price. */
    subscriptionChange(a: { months: Count; before: string; after: string; change: string }): string;
    /** "Gets you to Gold 3 months sooner (on March 9, 2027 instead of April 4, 2027)." */
    tierSooner(a: { tier: string; sooner: Sooner; after: string; before: string }): string;
    /** Not within the projection at the current pace, but with the suggestion. */
    tierBy(a: { tier: string; after: string }): string;
    milestoneSooner(a: { name: string; sooner: Sooner; after: string; before: string }): string;
    milestoneBy(a: { name: string; after: string }): string;
    /** The button that tells the vendor's page the customer wants it. */
    select(a: { kind: 'cross-sell' | 'upsell'; product: string }): string;
    /** The link to the vendor's page of the product. */
    learnMore(product: string): string;
    /** `status: not-learned`: the vendor has not learned from its data since adding products. */
    readonly notLearned: string;
    /** `status: not-scored`: no prediction yet, so no effect to show. */
    readonly notScored: string;
    /** Nothing worth suggesting now. */
    readonly none: string;
  };

  readonly goals: {
    readonly introCustomer: string;
    readonly introRep: string;
    readonly none: string;
    readonly loading: string;
    /** The goals could not be loaded (the rest of the card is fine). */
    readonly loadFailed: string;
    readonly tryAgain: string;
    readonly metricNames: Readonly<Record<GoalMetric, string>>;
    /** A goal in one line: "Spend $5,000.00 in the 12 months up to June 30, 2026". */
    summary(a: GoalTerms): string;
    readonly statusLabel: string;
    readonly waitingForYou: string;
    readonly waitingForCustomer: string;
    readonly waitingForAccountTeam: string;
    readonly inProgress: string;
    readonly declined: string;
    readonly expired: string;
    readonly achieved: string;
    readonly missed: string;
    due(date: string): string;
    note(text: string): string;
    readonly progressLabel: string;
    /** "$819.85 of $5,000.00". */
    progress(a: { value: Count; target: Count; metric: GoalMetric }): string;
    /** tierByDate: "Silver now, 62% of the way to Gold". */
    tierProgress(a: { current: string; target: string; percent: string }): string;
    /** orders: counted from the day the goal was accepted. */
    countedFrom(date: string): string;
    readonly historyLabel: string;
    actor(a: { kind: GoalActorKind; repId: string | null }): string;
    /** One change of the history; `terms` for proposed and countered, `value` for achieved and missed. */
    event(a: { action: GoalEventKind; who: string; terms?: string; value?: string }): string;

    readonly accept: string;
    readonly decline: string;
    readonly counter: string;
    readonly cancel: string;
    readonly proposeTitle: string;
    readonly counterTitle: string;
    readonly metricField: string;
    /** The target field's label; for money, with the currency it is in, by name ("US dollars"). */
    targetField(a: { metric: GoalMetric; currency: string }): string;
    readonly tierField: string;
    readonly dueField: string;
    readonly noteField: string;
    readonly send: string;
    readonly sendCounter: string;
    readonly sending: string;
    /** Announced after a successful action. */
    readonly proposed: string;
    readonly countered: string;
    readonly acceptedDone: string;
    readonly declinedDone: string;

    readonly needTarget: string;
    readonly needWholeNumber: string;
    readonly needTier: string;
    readonly needDueDate: string;
    /** A counter-proposal changes the target, the due date or both. */
    readonly needChange: string;
    readonly errors: GoalsErrorMessages;
  };

  readonly simulator: {
    readonly intro: string;
    readonly ordersLabel: string;
    /** The visible value of the orders slider. */
    ordersValue(perMonth: Count): string;
    readonly averageOrderLabel: string;
    readonly productsLegend: string;
    addProduct(a: { product: string; price: string; share: string }): string;
    readonly resultsTitle: string;
    valueLabel(months: Count): string;
    /** Beside the projected value: the value now and the difference. */
    valueNow(a: { now: string; change: string }): string;
    readonly tierLabel: string;
    tierOn(a: { tier: string; date: string }): string;
    tierNotWithin(a: { tier: string; months: Count }): string;
    readonly topTier: string;
    readonly milestonesLabel: string;
    milestoneOn(a: { name: string; date: string }): string;
    milestoneNotWithin(a: { name: string }): string;
    /** Beside a projected date: the date at the current pace. */
    was(date: string): string;
    readonly wasNotWithin: string;
    readonly reset: string;
    readonly notScored: string;
    readonly loading: string;
    readonly loadFailed: string;
    readonly tryAgain: string;
    readonly note: string;
  };
}

// Plural rules see the number as displayed (at most two decimals), as in the main catalogue.
const plural = new Intl.PluralRules('en', { maximumFractionDigits: 2 });
const unit = (n: Count, one: string, other: string): string =>
  `${n.text} ${plural.select(n.value) === 'one' ? one : other}`;
const months = (n: Count): string => unit(n, 'month', 'months');

const customersOf = (segment: Segment | null): string => {
  if (!segment) return 'customers';
  switch (segment.dimension) {
    case 'industry':
      return `customers in ${segment.value}`;
    case 'size':
      return `customers of your size (${segment.value})`;
    case 'plan':
      return `customers on the ${segment.value} plan`;
  }
};

const sooner = ({ unit: u, count }: Sooner): string =>
  u === 'day' ? unit(count, 'day', 'days') : u === 'week' ? unit(count, 'week', 'weeks') : months(count);

const goalSummary = ({ metric, target, due }: GoalTerms): string => {
  switch (metric) {
    case 'spend12m':
      return `Spend ${target.text} in the 12 months up to ${due}`;
    case 'orders':
      return `Place ${unit(target, 'order', 'orders')} by ${due}`;
    case 'productsAdopted':
      return `Use ${unit(target, 'product', 'products')} by ${due}`;
    case 'tierByDate':
      return `Reach ${target.text} by ${due}`;
    case 'predictedValue':
      return `Reach a predicted value of ${target.text} by ${due}`;
  }
};

export const growthEn: GrowthMessages = {
  lang: 'en',

  errors: {
    network: 'The server could not be reached. Check your connection and try again.',
    busy: 'The service is busy at the moment. Try again in a little while.',
    session: 'Your session has ended. Sign in again to continue.',
    status: (status) => `The server answered with an error (HTTP ${status}).`,
    unreadable: 'The server sent an answer the widget could not read.',
  },

  suggestions: {
    intro: 'Chosen from what customers like you use, with what each would change for you.',
    coAdoption: ({ share, segment, antecedent, product }) =>
      `${share} of ${customersOf(segment)} who use ${antecedent} also use ${product}.`,
    counts: ({ both, all }) => `${both.text} of ${unit(all, 'customer', 'customers')}`,
    upgradeVolume: ({ spend, from, product, threshold }) =>
      `You spent ${spend} on ${from} in the last 12 months; ${product} costs ${threshold}.`,
    upgradePlan: ({ spend, from, product, threshold }) =>
      `You spent ${spend} on top of your ${from} in the last 12 months; ${product} costs ${threshold} more a year.`,
    upgradePeers: ({ share, segment, from, product }) =>
      `${share} of ${customersOf(segment)} with ${from} have moved up to ${product}.`,
    whyLabel: 'Why this',
    effectLabel: 'What it would change for you',
    valueChange: ({ months: n, before, after, change }) =>
      `Your predicted value over the next ${months(n)}: ${before} → ${after} (${change}).`,
    subscriptionChange: ({ months: n, before, after, change }) =>
      `The expected value of your subscription over the next ${months(n)}: ${before} → ${after} (${change}).`,
    tierSooner: ({ tier, sooner: s, after, before }) =>
      `Gets you to ${tier} ${sooner(s)} sooner (on ${after} instead of ${before}).`,
    tierBy: ({ tier, after }) => `Gets you to ${tier} by ${after}.`,
    milestoneSooner: ({ name, sooner: s, after, before }) =>
      `Reaches “${name}” ${sooner(s)} sooner (on ${after} instead of ${before}).`,
    milestoneBy: ({ name, after }) => `Reaches “${name}” by ${after}.`,
    select: ({ kind, product }) => (kind === 'upsell' ? `Upgrade to ${product}` : `Add ${product}`),
    learnMore: (product) => `About ${product}`,
    notLearned: 'Suggestions appear once your vendor has updated its figures.',
    notScored: 'Suggestions appear once your vendor has scored its customers.',
    none: 'Nothing to suggest right now: you already have what customers like you use.',
  },

  goals: {
    introCustomer: 'Goals you and your account team agree on, with your progress from your own orders.',
    introRep: 'Goals agreed with this customer, with their progress from the customer’s own orders.',
    none: 'No goals yet.',
    loading: 'Loading the goals…',
    loadFailed: 'The goals could not be loaded.',
    tryAgain: 'Load the goals again',
    metricNames: {
      spend12m: 'Spend in 12 months',
      orders: 'Orders',
      productsAdopted: 'Products in use',
      tierByDate: 'Loyalty tier',
      predictedValue: 'Predicted value',
    },
    summary: goalSummary,
    statusLabel: 'Status',
    waitingForYou: 'Waiting for your answer',
    waitingForCustomer: 'Waiting for the customer',
    waitingForAccountTeam: 'Waiting for your account team',
    inProgress: 'In progress',
    declined: 'Declined',
    expired: 'Expired without an answer',
    achieved: 'Achieved',
    missed: 'Missed',
    due: (date) => `Due ${date}`,
    note: (text) => `Note: ${text}`,
    progressLabel: 'Progress',
    progress: ({ value, target, metric }) =>
      metric === 'orders'
        ? `${value.text} of ${unit(target, 'order', 'orders')}`
        : metric === 'productsAdopted'
          ? `${value.text} of ${unit(target, 'product', 'products')}`
          : `${value.text} of ${target.text}`,
    tierProgress: ({ current, target, percent }) => `${current} now, ${percent} of the way to ${target}`,
    countedFrom: (date) => `Orders counted from ${date}.`,
    historyLabel: 'History',
    actor: ({ kind, repId }) => {
      switch (kind) {
        case 'you':
          return 'You';
        case 'customer':
          return 'The customer';
        case 'account-team':
          return 'Your account team';
        case 'rep':
          return repId ? `Rep ${repId}` : 'Another rep';
        case 'system':
          return 'Open Book';
      }
    },
    event: ({ action, who, terms, value }) => {
      switch (action) {
        case 'proposed':
          return `${who} proposed: ${terms ?? ''}`;
        case 'countered':
          return `${who} counter-proposed: ${terms ?? ''}`;
        case 'accepted':
          return `${who} accepted.`;
        case 'declined':
          return `${who} declined.`;
        case 'expired':
          return 'The proposal expired without an answer.';
        case 'achieved':
          return value ? `Achieved, with ${value}.` : 'Achieved.';
        case 'missed':
          return value ? `Missed, with ${value}.` : 'Missed.';
      }
    },

    accept: 'Accept',
    decline: 'Decline',
    counter: 'Counter-propose',
    cancel: 'Cancel',
    proposeTitle: 'Propose a goal',
    counterTitle: 'Your counter-proposal',
    metricField: 'What to measure',
    targetField: ({ metric, currency }) =>
      metric === 'spend12m' || metric === 'predictedValue'
        ? `Target (${currency})`
        : metric === 'orders'
          ? 'Target (orders)'
          : 'Target (products)',
    tierField: 'Tier to reach',
    dueField: 'Due date',
    noteField: 'Note (optional)',
    send: 'Send the proposal',
    sendCounter: 'Send the counter-proposal',
    sending: 'Sending…',
    proposed: 'Your proposal was sent.',
    countered: 'Your counter-proposal was sent.',
    acceptedDone: 'You accepted the goal.',
    declinedDone: 'You declined the goal.',

    needTarget: 'Enter a target above zero.',
    needWholeNumber: 'Enter a whole number.',
    needTier: 'Choose a tier.',
    needDueDate: 'Choose a due date from today on.',
    needChange: 'Change the target, the due date or both.',
    errors: {
      badTarget: 'This target cannot be used for this measure. Check it and try again.',
      badDueDate: 'The due date must be from today on and at most five years ahead.',
      badRequest: 'The goal could not be saved as it is. Check the fields and try again.',
      forbidden: 'You made this proposal, so the other party answers it.',
      ended: 'This goal has ended and can no longer be changed.',
      accepted: 'This goal was accepted and now runs to its due date.',
      tooMany: 'There are too many open goals. Answer or finish one first.',
      notFound: 'This goal no longer exists.',
    },
  },

  simulator: {
    intro: 'Move the sliders to see how your figures would change. Nothing is ordered or saved.',
    ordersLabel: 'Orders per month',
    ordersValue: (n) => `${n.text} a month`,
    averageOrderLabel: 'Average order',
    productsLegend: 'Products you could add',
    addProduct: ({ product, price, share }) => `Add ${product} (${price}, expected in ${share} of your orders)`,
    resultsTitle: 'With these changes',
    valueLabel: (n) => `Predicted value, next ${months(n)}`,
    valueNow: ({ now, change }) => `Now ${now} (${change})`,
    tierLabel: 'Next tier',
    tierOn: ({ tier, date }) => `${tier} on ${date}`,
    tierNotWithin: ({ tier, months: n }) => `${tier}: not within the next ${months(n)}`,
    topTier: 'You are in the highest tier.',
    milestonesLabel: 'Milestones',
    milestoneOn: ({ name, date }) => `${name}: ${date}`,
    milestoneNotWithin: ({ name }) => `${name}: not within the projection`,
    was: (date) => `at your current pace: ${date}`,
    wasNotWithin: 'not within the projection at your current pace',
    reset: 'Reset',
    notScored: 'The simulator appears once your vendor has scored its customers.',
    loading: 'Loading the simulator…',
    loadFailed: 'The simulator could not be loaded.',
    tryAgain: 'Load the simulator again',
    note:
      'Worked out in your browser with the same formulas as your figures: more orders a month means ' +
      'buying faster for as long as you stay a customer, and an added product joins its share of your orders.',
  },
};
