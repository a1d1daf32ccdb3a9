/**
 * The projected effect of taking a suggestion, computed with the same functions as every other figure:
 * the predicted value of shared/clv (BG/NBD purchases x gamma-gamma spend, month by month, discounted)
 * with the product added to the expected basket, and the loyalty standing of shared/loyalty
 * (`evaluateCustomer`) at the new pace, for the date the next tier and each milestone are reached.
 *
 * The assumption, stated once: the customer keeps buying as the models expect, and the product joins
 * the share `share` of those purchases at its price (an upgrade replaces the old product's price).
 * Pure: the what-if simulator of the widget can call the same functions with other numbers.
 */
import type { BgNbdParams, RfmRow } from '../clv/bg-nbd.ts';
import { predictedValue } from '../clv/predicted-value.ts';
import { dayOf, isoDate, localDay } from '../loyalty/calendar.ts';
import { evaluateCustomer, type CustomerLoyaltyInputs, type Evaluation, type EvaluationContext } from '../loyalty/evaluate.ts';
import type { Effect } from '../schemas/suggestions.ts';

export interface OrderValueModel {
  purchase: BgNbdParams;
  /** The customer's (frequency, recency, T) in weeks, as scored. */
  row: RfmRow;
  /** Expected spend per purchase (gamma-gamma), minor units. */
  spendPerPurchase: number;
  horizonMonths: number;
  annualDiscountRate: number;
}

export interface SubscriptionValueModel {
  mrr: number;
  /** Expected discounted monthly payments within the horizon (shifted-beta-geometric): expected value / MRR. */
  expectedDiscountedPayments: number;
  horizonMonths: number;
  annualDiscountRate: number;
}

type OrderValueChange = Extract<Effect['value'], { model: 'bg-nbd+gamma-gamma' }>;
type SubscriptionValueChange = Extract<Effect['value'], { model: 'sbg' }>;

/** The predicted value (GET /v1/me `prediction.predictedValue`) with `spendPerPurchase` as given. */
export function orderPredictedValue(model: OrderValueModel, spendPerPurchase = model.spendPerPurchase) {
  return predictedValue({
    purchase: model.purchase,
    row: model.row,
    spendPerPurchase,
    horizonMonths: model.horizonMonths,
    annualDiscountRate: model.annualDiscountRate,
  });
}

/** The change in predicted value when a product of `price` joins `share` of the expected purchases. */
export function orderValueChange(model: OrderValueModel, { price, share }: { price: number; share: number }): OrderValueChange {
  const addedPerPurchase = price * share;
  const before = orderPredictedValue(model);
  const after = orderPredictedValue(model, model.spendPerPurchase + addedPerPurchase);
  const rounded = { before: Math.round(before.discountedValue), after: Math.round(after.discountedValue) };
  return {
    model: 'bg-nbd+gamma-gamma',
    ...rounded,
    change: rounded.after - rounded.before,
    horizonMonths: model.horizonMonths,
    annualDiscountRate: model.annualDiscountRate,
    inputs: { spendPerPurchase: model.spendPerPurchase, addedPerPurchase, price, share, expectedPurchases: before.expectedPurchases },
  };
}

/** The change in a subscription's expected value within the horizon when its MRR becomes `mrrAfter`. */
export function subscriptionValueChange(model: SubscriptionValueModel, mrrAfter: number): SubscriptionValueChange {
  const before = Math.round(model.mrr * model.expectedDiscountedPayments);
  const after = Math.round(mrrAfter * model.expectedDiscountedPayments);
  return {
    model: 'sbg',
    before,
    after,
    change: after - before,
    horizonMonths: model.horizonMonths,
    annualDiscountRate: model.annualDiscountRate,
    inputs: { mrrBefore: model.mrr, mrrAfter, expectedDiscountedPayments: model.expectedDiscountedPayments },
  };
}

export interface LoyaltyChange {
  /** Added to the expected spend of each purchase, minor units. */
  addedPerPurchase: number;
  /** The customer adopts a product they never bought: it counts for products milestones from today. */
  newProduct: boolean;
}

const daysBetween = (before: string | null, after: string | null) => (before !== null && after !== null ? dayOf(before) - dayOf(after) : null);

/** The customer's loyalty inputs as they would be with the change made today. */
export function withChange(inputs: CustomerLoyaltyInputs, context: EvaluationContext, change: LoyaltyChange): CustomerLoyaltyInputs {
  const today = localDay(context.asOf, context.timeZone);
  return {
    ...inputs,
    score: inputs.score ? { ...inputs.score, spendPerPurchase: inputs.score.spendPerPurchase + change.addedPerPurchase } : null,
    productFirstDays: change.newProduct ? [...inputs.productFirstDays, today].sort((a, b) => a - b) : inputs.productFirstDays,
  };
}

/**
 * When the next tier and the milestones are reached with and without the change, at the customer's
 * pace. `base` is the evaluation without the change, when the caller has it already.
 */
export function loyaltyEffect(
  inputs: CustomerLoyaltyInputs,
  context: EvaluationContext,
  change: LoyaltyChange,
  base: Evaluation = evaluateCustomer(inputs, context),
): Pick<Effect, 'nextTier' | 'milestones'> {
  if (!inputs.score) return { nextTier: null, milestones: [] };
  const after = evaluateCustomer(withChange(inputs, context, change), context).loyalty;
  const today = isoDate(localDay(context.asOf, context.timeZone));

  const next = base.loyalty.tier.next;
  let nextTier: Effect['nextTier'] = null;
  if (next) {
    const reachedOnBefore = next.projection?.reachedOn ?? null;
    const reachedOnAfter = after.tier.current.rank >= next.tier.rank ? today : (after.tier.next?.projection?.reachedOn ?? null);
    nextTier = { tier: { id: next.tier.id, name: next.tier.name }, reachedOnBefore, reachedOnAfter, daysSooner: daysBetween(reachedOnBefore, reachedOnAfter) };
  }

  const afterById = new Map(after.milestones.map((milestone) => [milestone.id, milestone]));
  const milestones: Effect['milestones'] = [];
  for (const milestone of base.loyalty.milestones) {
    if (milestone.reached) continue;
    const changed = afterById.get(milestone.id);
    const reachedOnBefore = milestone.projection?.reachedOn ?? null;
    const reachedOnAfter = changed?.reached ? changed.reachedOn : (changed?.projection?.reachedOn ?? null);
    if (reachedOnAfter === null) continue;
    if (reachedOnBefore !== null && reachedOnAfter >= reachedOnBefore) continue;
    milestones.push({ id: milestone.id, name: milestone.name, reachedOnBefore, reachedOnAfter, daysSooner: daysBetween(reachedOnBefore, reachedOnAfter) });
  }
  return { nextTier, milestones };
}
