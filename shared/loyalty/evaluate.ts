/**
 * One customer's standing in the program on a given day: tier, retention, next tier, milestones,
 * rewards, points and lifecycle stage, each with its inputs, and the points ledger. Pure and
 * deterministic: the same inputs, program, time zone and `asOf` give the same answer, so the server can
 * recompute it whenever data or the program change, and the widget could too.
 */
import type { BgNbdParams, RfmRow } from '../clv/bg-nbd.ts';
import type { Program } from '../schemas/program.ts';
import type { LedgerEntry, Lifecycle, Loyalty, MilestoneState, PaceProjection, Retention, TierRef } from '../schemas/loyalty.ts';
import { addMonths, currencyDigits, isoDate, localDay, type IsoDate } from './calendar.ts';
import { lifecycleStage } from './lifecycle.ts';
import { milestoneProgress, type MilestoneProgress } from './milestones.ts';
import { orderPoints, pointsLedger, type PointsLedger } from './points.ts';
import { paceOf, projectedValueOn, projectReaching, type Pace, type ProjectionTarget } from './projection.ts';
import { rewardState } from './rewards.ts';
import { tierEndAfter, tierOn, tierRules, tierTimeline, type TierEvent, type TierOnDay } from './tiers.ts';
import { valueOn, WINDOW_MONTHS, windowStart, type Contribution } from './window.ts';

export interface CustomerLoyaltyInputs {
  /** Kept (paid, not refunded) orders; those after `asOf` are left out. */
  orders: ReadonlyArray<{ id: string; day: number; amount: number }>;
  /** The first day each distinct product was bought in a kept order. */
  productFirstDays: readonly number[];
  firstNpsAnswerDay: number | null;
  custom: ReadonlyMap<string, { reachedDay: number | null; progress: number | null }>;
  redemptions: ReadonlyArray<{ id: string; day: number; points: number; note: string | null }>;
  override: { tierId: string; endsOn: number; reason: string | null; setAt: string } | null;
  /** The customer's latest scores, or null before the tenant is scored or without a purchase. */
  score: {
    params: BgNbdParams;
    /** (frequency, recency, T) in weeks on `scoredOn`. */
    row: RfmRow;
    scoredOn: number;
    spendPerPurchase: number;
    probabilityAlive: number;
    computedAt: string;
  } | null;
}

export interface EvaluationContext {
  program: Program;
  programVersion: number;
  timeZone: string;
  currency: string;
  asOf: Date;
}

export interface Evaluation {
  loyalty: Loyalty;
  /** The whole ledger, oldest first (the payload carries only the newest entries). */
  ledger: LedgerEntry[];
  summary: StandingSummary;
}

const LEDGER_ENTRIES_SHOWN = 10;
const TIER_EVENTS_SHOWN = 10;
const DAYS_PER_WEEK = 7;

const clamp01 = (value: number) => Math.min(1, Math.max(0, value));

/**
 * What a customer's standing rests on, without the presentation: the tier replay, the ledger, the
 * milestones and the stage. Cheap enough to run for every customer of a tenant after each scoring run.
 */
export interface Standing {
  today: number;
  /** Kept orders on or before today, in order. */
  orders: ReadonlyArray<{ id: string; day: number; amount: number }>;
  progress: MilestoneProgress[];
  ledger: PointsLedger;
  contributions: Contribution[];
  windowMonths: number | null;
  events: TierEvent[];
  computed: TierOnDay;
  /** The qualifying value today. */
  value: number;
  /** The rank held: the override's while one runs, else the computed one. */
  rank: number;
  override: CustomerLoyaltyInputs['override'];
  since: number | null;
  computedSince: number | null;
  spendLast12Months: number;
  lifecycle: Lifecycle;
  minorPerUnit: number;
}

export function standingOf(inputs: CustomerLoyaltyInputs, context: EvaluationContext): Standing {
  const { program, timeZone, asOf } = context;
  const today = localDay(asOf, timeZone);
  const minorPerUnit = 10 ** currencyDigits(context.currency);
  const pointsRules = { ...program.points, minorPerUnit };
  const orders = inputs.orders
    .filter((order) => order.day <= today)
    .sort((a, b) => a.day - b.day || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const windowMonths = WINDOW_MONTHS[program.qualification.window];

  // Milestones first: their points count as points earned, which may be what tiers count.
  const facts = {
    orders,
    productFirstDays: inputs.productFirstDays.filter((day) => day <= today),
    firstNpsAnswerDay: inputs.firstNpsAnswerDay !== null && inputs.firstNpsAnswerDay <= today ? inputs.firstNpsAnswerDay : null,
    custom: inputs.custom,
  };
  const progress = program.milestones.map((milestone) => milestoneProgress(milestone, facts, today));
  const milestonePoints = progress.flatMap(({ milestone, reachedDay }) => (reachedDay === null ? [] : [{ id: milestone.id, day: reachedDay, points: milestone.points }]));
  const ledger = pointsLedger({ orders, milestones: milestonePoints, redemptions: inputs.redemptions }, pointsRules, today);

  const spend: Contribution[] = orders.map((order) => ({ day: order.day, value: order.amount }));
  const contributions: Contribution[] =
    program.qualification.metric === 'spend'
      ? spend
      : program.qualification.metric === 'orders'
        ? orders.map((order) => ({ day: order.day, value: 1 }))
        : [
            ...orders.map((order) => ({ day: order.day, value: orderPoints(order.amount, pointsRules) })),
            ...milestonePoints.map((milestone) => ({ day: milestone.day, value: milestone.points })),
          ];

  // Tiers: the replay of the customer's own history, then the vendor's override if one is running.
  const events = tierTimeline(tierRules(program.tiers), contributions, windowMonths);
  const computed = tierOn(events, today);
  const overrideRank = inputs.override && inputs.override.endsOn >= today ? program.tiers.findIndex((tier) => tier.id === inputs.override?.tierId) : -1;
  const override = overrideRank >= 0 ? inputs.override : null;
  const rank = override ? overrideRank : computed.rank;
  const computedSince = computed.since ?? orders[0]?.day ?? null;
  const spendLast12Months = valueOn(spend, today, 12);

  return {
    today,
    orders,
    progress,
    ledger,
    contributions,
    windowMonths,
    events,
    computed,
    value: valueOn(contributions, today, windowMonths),
    rank,
    override,
    since: override && computed.rank !== rank ? localDay(override.setAt, timeZone) : computedSince,
    computedSince,
    spendLast12Months,
    lifecycle: lifecycleStage(
      {
        purchaseDays: [...new Set(orders.map((order) => order.day))],
        spendLast12Months,
        spendPrevious12Months: valueOn(spend, windowStart(today, 12) - 1, 12),
        probabilityAlive: inputs.score?.probabilityAlive ?? null,
        repeatPurchases: inputs.score?.row.frequency ?? null,
      },
      program.lifecycle,
      today,
    ),
    minorPerUnit,
  };
}

/** The columns stored for every customer: enough to count customers by tier, stage or expiry. */
export interface StandingSummary {
  tierId: string;
  tierSource: 'qualified' | 'override';
  tierSince: IsoDate | null;
  qualifyingValue: number;
  nextTierId: string | null;
  amountToNextTier: number | null;
  tierKeptThrough: IsoDate | null;
  stage: Lifecycle['stage'];
  pointsBalance: number;
}

export function summarize(standing: Standing, program: Program): StandingSummary {
  const { rank, value, override, events, today } = standing;
  const next = program.tiers[rank + 1];
  const end = override || rank === 0 ? null : tierEndAfter(events, today);
  const keptThrough = override ? override.endsOn : end ? end.expiresOn - 1 : null;
  return {
    tierId: program.tiers[rank]?.id ?? '',
    tierSource: override ? 'override' : 'qualified',
    tierSince: standing.since === null ? null : isoDate(standing.since),
    qualifyingValue: value,
    nextTierId: next?.id ?? null,
    amountToNextTier: next ? Math.max(0, next.atLeast - value) : null,
    tierKeptThrough: keptThrough === null ? null : isoDate(keptThrough),
    stage: standing.lifecycle.stage,
    pointsBalance: standing.ledger.balance,
  };
}

export function evaluateCustomer(inputs: CustomerLoyaltyInputs, context: EvaluationContext): Evaluation {
  const { program, timeZone, asOf } = context;
  const standing = standingOf(inputs, context);
  const { today, orders, progress, ledger, contributions, windowMonths, events, computed, value, rank, override, since, computedSince, minorPerUnit } = standing;

  const pace = inputs.score ? paceFor(inputs.score, today, program.projection.horizonMonths) : null;
  const perPurchase = !pace
    ? 0
    : program.qualification.metric === 'spend'
      ? pace.spendPerPurchase
      : program.qualification.metric === 'orders'
        ? 1
        : (pace.spendPerPurchase * program.points.earnPerCurrencyUnit) / minorPerUnit;
  const qualifying = (target: number): ProjectionTarget => ({ target, perPurchase, contributions, windowMonths });
  // Projected values are expectations: whole minor units or points, orders to two decimals.
  const roundValue = (projected: number) => (program.qualification.metric === 'orders' ? Math.round(projected * 100) / 100 : Math.round(projected));

  const refs = program.tiers.map((tier, rank): TierRef => ({
    id: tier.id,
    name: tier.name,
    rank,
    atLeast: tier.atLeast,
    keepAtLeast: tier.retention.keepAtLeast ?? tier.atLeast,
    graceMonths: tier.retention.graceMonths,
    benefits: tier.benefits,
    rewards: program.rewards.filter((reward) => reward.qualifies.tier === tier.id).map((reward) => reward.id),
  }));
  const ref = (rank: number): TierRef => {
    const found = refs[rank];
    if (!found) throw new RangeError(`no tier of rank ${rank}`);
    return found;
  };
  const firstOrderDay = orders[0]?.day ?? null;

  const current = ref(rank);
  const nextRef = refs[rank + 1];
  const next = nextRef
    ? {
        tier: nextRef,
        amountNeeded: Math.max(0, nextRef.atLeast - value),
        fraction: clamp01((value - current.atLeast) / (nextRef.atLeast - current.atLeast)),
        projection: pace && value < nextRef.atLeast ? projectReaching(pace, qualifying(nextRef.atLeast), today) : null,
      }
    : null;

  const retention = ((): Retention => {
    const none = { fellBelowOn: null, fallsBelowOn: null, keptThrough: null, expiresOn: null, tierAfter: null, amountToKeep: 0, valueOnKeptThrough: value, atYourPace: null };
    const base = { keepAtLeast: current.keepAtLeast, graceMonths: current.graceMonths };
    if (override) {
      const after = tierOn(events, override.endsOn + 1).rank;
      const valueThen = valueOn(contributions, override.endsOn, windowMonths);
      const projected = pace ? projectedValueOn(pace, qualifying(current.atLeast), today, override.endsOn) : null;
      return {
        ...base,
        status: 'override',
        ...none,
        keptThrough: isoDate(override.endsOn),
        expiresOn: isoDate(override.endsOn + 1),
        tierAfter: { id: ref(after).id, name: ref(after).name },
        // After the override the data decides: reaching the tier by its end keeps it.
        amountToKeep: after >= rank ? 0 : Math.max(0, current.atLeast - valueThen),
        valueOnKeptThrough: valueThen,
        atYourPace: projected === null ? null : { keeps: after >= rank || projected >= current.atLeast, projectedValueOnKeptThrough: roundValue(projected) },
      };
    }
    if (rank === 0) return { ...base, status: 'base', ...none };
    const end = tierEndAfter(events, today);
    if (!end) return { ...base, status: 'never-expires', ...none };
    const keptThrough = end.expiresOn - 1;
    const valueThen = valueOn(contributions, keptThrough, windowMonths);
    const projected = pace ? projectedValueOn(pace, qualifying(current.keepAtLeast), today, keptThrough) : null;
    return {
      ...base,
      status: computed.fellBelowOn !== null ? 'in-grace' : 'kept',
      fellBelowOn: computed.fellBelowOn !== null ? isoDate(computed.fellBelowOn) : null,
      fallsBelowOn: isoDate(end.fallsBelowOn),
      keptThrough: isoDate(keptThrough),
      expiresOn: isoDate(end.expiresOn),
      tierAfter: { id: ref(end.rankAfter).id, name: ref(end.rankAfter).name },
      amountToKeep: Math.max(0, current.keepAtLeast - valueThen),
      valueOnKeptThrough: valueThen,
      atYourPace: projected === null ? null : { keeps: projected >= current.keepAtLeast, projectedValueOnKeptThrough: roundValue(projected) },
    };
  })();

  const milestones = progress.map(({ milestone, current: reached, fraction, reachedDay }): MilestoneState => ({
    id: milestone.id,
    name: milestone.name,
    kind: milestone.kind,
    description: milestone.description ?? null,
    target: milestone.target,
    current: reached,
    fraction,
    reached: reachedDay !== null,
    reachedOn: reachedDay === null ? null : isoDate(reachedDay),
    points: milestone.points,
    projection: reachedDay === null ? milestoneProjection(milestone.kind, milestone.target, orders, pace, today) : null,
  }));

  const { spendLast12Months, lifecycle } = standing;
  const milestoneFacts = new Map(milestones.map((m) => [m.id, { name: m.name, target: m.target, current: m.current, reached: m.reached }]));
  const rewards = program.rewards.map((reward) =>
    rewardState(reward, program.tiers, { rank, qualifyingValue: value, milestones: milestoneFacts, spendLast12Months, pointsBalance: ledger.balance }),
  );

  const history = events
    .filter((event) => event.day <= today)
    .slice(-TIER_EVENTS_SHOWN)
    .reverse()
    .map((event) => ({ date: isoDate(event.day), kind: event.kind, tierId: ref(event.rank).id, value: event.value }));

  const start = windowStart(today, windowMonths);
  const loyalty: Loyalty = {
    programVersion: context.programVersion,
    programName: program.name,
    computedAt: asOf.toISOString(),
    asOfDate: isoDate(today),
    timeZone,
    tier: {
      current,
      since: since === null ? null : isoDate(since),
      source: override ? 'override' : 'qualified',
      qualifying: {
        metric: program.qualification.metric,
        window: program.qualification.window,
        value,
        from: Number.isFinite(start) ? isoDate(start) : firstOrderDay === null ? null : isoDate(firstOrderDay),
        through: isoDate(today),
        computedTier: { id: ref(computed.rank).id, name: ref(computed.rank).name, since: computedSince === null ? null : isoDate(computedSince) },
      },
      override: override ? { tierId: current.id, tierName: current.name, endsOn: isoDate(override.endsOn), reason: override.reason, setAt: override.setAt } : null,
      next,
      retention,
      history,
    },
    milestones,
    rewards,
    points: {
      balance: ledger.balance,
      earned: ledger.earned,
      redeemed: ledger.redeemed,
      expired: ledger.expired,
      earnPerCurrencyUnit: program.points.earnPerCurrencyUnit,
      expiryMonths: program.points.expiryMonths,
      nextExpiry: ledger.nextExpiry ? { points: ledger.nextExpiry.points, usableThrough: isoDate(ledger.nextExpiry.usableThrough) } : null,
      entries: ledger.entries.slice(-LEDGER_ENTRIES_SHOWN).reverse(),
      entryCount: ledger.entries.length,
    },
    lifecycle,
    pace: {
      available: pace !== null,
      reason: pace ? null : orders.length === 0 ? 'no-orders' : 'not-scored',
      model: pace ? 'bg-nbd' : null,
      computedAt: inputs.score?.computedAt ?? null,
      expectedPurchasesNext12Months: pace ? round3(pace.expectedPurchases(addMonths(today, 12) - today)) : null,
      spendPerPurchase: pace ? Math.round(pace.spendPerPurchase) : null,
      probabilityAlive: inputs.score?.probabilityAlive ?? null,
      horizonMonths: program.projection.horizonMonths,
    },
  };
  return { loyalty, ledger: ledger.entries, summary: summarize(standing, program) };
}

const round3 = (value: number) => Math.round(value * 1000) / 1000;

function paceFor(score: NonNullable<CustomerLoyaltyInputs['score']>, today: number, horizonMonths: number): Pace {
  // The scores were computed on `scoredOn`; with no purchase since (a purchase would have rescored them),
  // the customer is only older by the days in between.
  const row = { ...score.row, T: score.row.T + Math.max(0, today - score.scoredOn) / DAYS_PER_WEEK };
  return paceOf({ params: score.params, row, spendPerPurchase: score.spendPerPurchase }, horizonMonths);
}

function milestoneProjection(
  kind: MilestoneState['kind'],
  target: number,
  orders: ReadonlyArray<{ day: number; amount: number }>,
  pace: Pace | null,
  today: number,
): PaceProjection | null {
  if (kind === 'tenure-years') {
    const first = orders[0]?.day;
    return first === undefined ? null : { reachedOn: isoDate(addMonths(first, 12 * target)), basis: 'calendar', shortfall: null };
  }
  if (!pace) return null;
  if (kind === 'lifetime-spend') {
    return projectReaching(pace, { target, perPurchase: pace.spendPerPurchase, contributions: orders.map((o) => ({ day: o.day, value: o.amount })), windowMonths: null }, today);
  }
  if (kind === 'orders') {
    return projectReaching(pace, { target, perPurchase: 1, contributions: orders.map((o) => ({ day: o.day, value: 1 })), windowMonths: null }, today);
  }
  return null;
}
