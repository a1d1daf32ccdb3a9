/**
 * The what-if simulator's computation: the customer's predicted value, next tier date and milestone dates
 * at another pace of orders, with a different average order and products added, from `GET /v1/me/what-if`.
 * The same functions the server uses for suggestions (predicted value of shared/clv, `evaluateCustomer` of
 * shared/loyalty), so the browser and the server never disagree.
 */
import { dayOf } from '../loyalty/calendar.ts';
import { evaluateCustomer, type CustomerLoyaltyInputs, type EvaluationContext } from '../loyalty/evaluate.ts';
import type { WhatIfInputs } from '../schemas/what-if.ts';
import { orderPredictedValue, withChange, type OrderValueModel } from './effect.ts';
import { modelAtPace } from './purchase-pace.ts';

export interface WhatIfChange {
  /** Expected orders a month over the prediction's horizon (purchase-pace.ts); default: as the model expects. */
  ordersPerMonth?: number;
  /** Expected spend per purchase, minor units (the "average order" slider); default: as the model expects. */
  spendPerPurchase?: number;
  /** Products added from today: each joins `share` of purchases at `price` (from `products` of the inputs). */
  addProducts?: ReadonlyArray<{ price: number; share: number }>;
}

export interface WhatIfResult {
  /** Null before the customer is scored. */
  predictedValue: number | null;
  expectedPurchases: number | null;
  spendPerPurchase: number | null;
  tier: { id: string; name: string };
  /** The next tier and the day it is reached at this pace (null: not within the projection horizon). */
  nextTier: { id: string; name: string; reachedOn: string | null } | null;
  /** Every milestone: reached (on reachedOn), or the day it is reached at this pace (null: not within the horizon). */
  milestones: Array<{ id: string; name: string; reached: boolean; reachedOn: string | null }>;
}

/** The customer's loyalty inputs and context, as the server read them. */
export function loyaltyInputsOf(inputs: WhatIfInputs): { loyalty: CustomerLoyaltyInputs; context: EvaluationContext; model: OrderValueModel | null } {
  const { loyalty, model } = inputs;
  const score = loyalty.score && model
    ? {
        params: model.purchase,
        row: model.row,
        scoredOn: dayOf(loyalty.score.scoredOn),
        spendPerPurchase: model.spendPerPurchase,
        // Hidden from the customer by the vendor: it only decides the lifecycle stage, which the simulator does not show.
        probabilityAlive: loyalty.score.probabilityAlive ?? 1,
        computedAt: loyalty.score.computedAt,
      }
    : null;
  return {
    model,
    context: { program: loyalty.program, programVersion: loyalty.programVersion, timeZone: inputs.timeZone, currency: inputs.currency, asOf: new Date(inputs.asOf) },
    loyalty: {
      orders: loyalty.orders.map((order) => ({ id: order.id, day: dayOf(order.date), amount: order.amount })),
      productFirstDays: loyalty.productFirstDates.map(dayOf),
      firstNpsAnswerDay: loyalty.firstNpsAnswerDate === null ? null : dayOf(loyalty.firstNpsAnswerDate),
      custom: new Map(loyalty.custom.map((m) => [m.milestoneId, { reachedDay: m.reachedDate === null ? null : dayOf(m.reachedDate), progress: m.progress }])),
      redemptions: loyalty.redemptions.map((r) => ({ id: r.id, day: dayOf(r.date), points: r.points, note: r.note })),
      override: loyalty.override ? { tierId: loyalty.override.tierId, endsOn: dayOf(loyalty.override.endsOn), reason: loyalty.override.reason, setAt: loyalty.override.setAt } : null,
      score,
    },
  };
}

export function whatIf(inputs: WhatIfInputs, change: WhatIfChange = {}): WhatIfResult {
  const paced =
    change.ordersPerMonth !== undefined && inputs.model ? { ...inputs, model: modelAtPace(inputs.model, change.ordersPerMonth) } : inputs;
  const { loyalty, context, model } = loyaltyInputsOf(paced);
  const base = model?.spendPerPurchase ?? 0;
  const spend = change.spendPerPurchase ?? base;
  const added = (change.addProducts ?? []).reduce((sum, product) => sum + product.price * product.share, 0);
  const spendPerPurchase = spend + added;
  const value = model ? orderPredictedValue(model, spendPerPurchase) : null;
  // The new spend per purchase, and each product added is a product adopted today.
  const changed = (change.addProducts ?? []).reduce(
    (current) => withChange(current, context, { addedPerPurchase: 0, newProduct: true }),
    withChange(loyalty, context, { addedPerPurchase: spendPerPurchase - base, newProduct: false }),
  );
  const { tier, milestones } = evaluateCustomer(changed, context).loyalty;
  return {
    predictedValue: value ? Math.round(value.discountedValue) : null,
    expectedPurchases: value ? value.expectedPurchases : null,
    spendPerPurchase: model ? spendPerPurchase : null,
    tier: { id: tier.current.id, name: tier.current.name },
    nextTier: tier.next ? { id: tier.next.tier.id, name: tier.next.tier.name, reachedOn: tier.next.projection?.reachedOn ?? null } : null,
    milestones: milestones.map((m) => ({ id: m.id, name: m.name, reached: m.reached, reachedOn: m.reached ? m.reachedOn : (m.projection?.reachedOn ?? null) })),
  };
}
