/**
 * A goal's value from the customer's own kept orders (paid, not refunded), on a day of the tenant
 * calendar: spend over the rolling 12 months (the window of shared/loyalty/window.ts), orders since the
 * goal started, distinct products bought. The tier and the predicted value come from the loyalty rules
 * and the CLV models, which the caller evaluates; `goalFraction` and `goalOutcome` apply to all.
 */
import type { GoalMetric } from '../schemas/goals.ts';
import { valueOn } from '../loyalty/window.ts';

export interface GoalOrder {
  /** Day number of the tenant calendar (shared/loyalty/calendar.ts). */
  day: number;
  amount: number;
  skus: readonly string[];
}

export type OrderGoalMetric = Extract<GoalMetric, 'spend12m' | 'orders' | 'productsAdopted'>;

export const ROLLING_MONTHS = 12;

/** The value of an order-based metric on `day`; `from` is the first day counted by `orders`. */
export function orderGoalValue(metric: OrderGoalMetric, orders: readonly GoalOrder[], day: number, from: number): number {
  switch (metric) {
    case 'spend12m':
      return valueOn(orders.map((order) => ({ day: order.day, value: order.amount })), day, ROLLING_MONTHS);
    case 'orders':
      return orders.filter((order) => order.day >= from && order.day <= day).length;
    case 'productsAdopted':
      return new Set(orders.filter((order) => order.day <= day).flatMap((order) => order.skus)).size;
  }
}

export function goalFraction(value: number, target: number): number {
  if (!(target > 0)) return 1;
  return Math.min(1, Math.max(0, value / target));
}

export function goalOutcome(value: number, target: number): 'achieved' | 'missed' {
  return value >= target ? 'achieved' : 'missed';
}
