/**
 * "N orders a month": the what-if's purchase pace, as the same customer buying faster or slower. The model
 * says it without a new formula. In BG/NBD (Fader, Hardie & Lee 2005), time enters every expression only
 * through alpha and the customer's weeks (recency, T), together with the weeks ahead, in ratios. So a
 * customer who buys k times as fast is the model with alpha, recency and T divided by k, and each purchase
 * still ends the relationship with the same chance. Over a horizon of t weeks, that model expects what the
 * customer's own model expects over k t weeks. The predicted value and the loyalty pace then come from the
 * usual functions. (The loyalty pace ages T by the days since scoring in unscaled weeks: exact on the day of
 * scoring, a few days' drift after.)
 */
import { orderPredictedValue, type OrderValueModel } from './effect.ts';

/** The fastest pace a what-if asks of a customer: a thousand times their own. */
const MAX_SPEED = 1000;
/** "Zero orders a month": the model slowed so far that no purchase is expected within any horizon. */
const MIN_SPEED = 1e-9;

/** The customer buying `k` times as fast. */
function faster(model: OrderValueModel, k: number): OrderValueModel {
  if (k === 1) return model;
  return {
    ...model,
    purchase: { ...model.purchase, alpha: model.purchase.alpha / k },
    row: { ...model.row, recency: model.row.recency / k, T: model.row.T / k },
  };
}

/** Expected orders a month over the model's horizon. */
export const ordersPerMonth = (model: OrderValueModel): number => orderPredictedValue(model).expectedPurchases / model.horizonMonths;

/**
 * The most orders a month a what-if can ask for. Buying faster has a ceiling when each purchase may be the
 * last: the customer's purchases before they leave are bounded, however fast they come.
 */
export const fastestOrdersPerMonth = (model: OrderValueModel): number => ordersPerMonth(faster(model, MAX_SPEED));

/**
 * The customer's model at the pace where it expects `target` orders a month over its horizon (bisection on
 * the log of the speed), up to the fastest pace; 0 or less is a customer who stops buying.
 */
export function modelAtPace(model: OrderValueModel, target: number): OrderValueModel {
  return faster(model, speedFor(model, target));
}

function speedFor(model: OrderValueModel, target: number): number {
  if (target <= 0) return MIN_SPEED;
  let high = 1;
  while (ordersPerMonth(faster(model, high)) < target) {
    if (high >= MAX_SPEED) return MAX_SPEED;
    high = Math.min(MAX_SPEED, high * 2);
  }
  let low = MIN_SPEED;
  for (let i = 0; i < 60 && high / low > 1 + 1e-9; i += 1) {
    const middle = Math.sqrt(low * high);
    if (ordersPerMonth(faster(model, middle)) < target) low = middle;
    else high = middle;
  }
  return high;
}
