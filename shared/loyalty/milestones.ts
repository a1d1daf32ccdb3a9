/**
 * Milestones (badges): each with its progress and the day it was reached, from the customer's own
 * history. Tenure counts from the first kept order (as the tenure figure does), in anniversaries by
 * `addMonths`; spend and orders count kept orders only, so a refund can un-reach a milestone; products
 * are distinct SKUs bought in kept orders; custom milestones are what the vendor reported.
 */
import type { Milestone } from '../schemas/program.ts';
import { addMonths, completedYears } from './calendar.ts';

export interface MilestoneFacts {
  /** Kept orders on or before today, oldest first. */
  orders: ReadonlyArray<{ day: number; amount: number }>;
  /** The first day each distinct product was bought, ascending. */
  productFirstDays: readonly number[];
  firstNpsAnswerDay: number | null;
  /** Reported by the vendor, by milestone id. */
  custom: ReadonlyMap<string, { reachedDay: number | null; progress: number | null }>;
}

export interface MilestoneProgress {
  milestone: Milestone;
  current: number;
  fraction: number;
  reachedDay: number | null;
}

const clamp01 = (value: number) => Math.min(1, Math.max(0, value));

/** The day a running total of day-ordered amounts first reaches `target`, or null. */
function dayTotalReaches(items: ReadonlyArray<{ day: number; amount: number }>, target: number): number | null {
  let total = 0;
  for (const item of items) {
    total += item.amount;
    if (total >= target) return item.day;
  }
  return null;
}

// At module level rather than a closure in milestoneProgress: it runs for every milestone of every customer after
// each scoring run, and the server's TypeScript loader names each closure it creates, per call.
function progressOf(milestone: Milestone, current: number, reachedDay: number | null): MilestoneProgress {
  return { milestone, current, fraction: reachedDay !== null ? 1 : clamp01(current / milestone.target), reachedDay };
}

export function milestoneProgress(milestone: Milestone, facts: MilestoneFacts, asOfDay: number): MilestoneProgress {
  const { target } = milestone;
  switch (milestone.kind) {
    case 'tenure-years': {
      const first = facts.orders[0]?.day;
      if (first === undefined) return progressOf(milestone, 0, null);
      const anniversary = addMonths(first, 12 * target);
      const reachedDay = anniversary <= asOfDay ? anniversary : null;
      const result = progressOf(milestone, Math.min(target, completedYears(first, asOfDay)), reachedDay);
      // The bar moves daily towards the anniversary, not only once a year.
      return reachedDay === null ? { ...result, fraction: clamp01((asOfDay - first) / (anniversary - first)) } : result;
    }
    case 'lifetime-spend': {
      const total = facts.orders.reduce((sum, order) => sum + order.amount, 0);
      return progressOf(milestone, total, dayTotalReaches(facts.orders, target));
    }
    case 'orders':
      return progressOf(milestone, facts.orders.length, dayTotalReaches(facts.orders.map((order) => ({ day: order.day, amount: 1 })), target));
    case 'products':
      return progressOf(milestone, facts.productFirstDays.length, facts.productFirstDays[target - 1] ?? null);
    case 'first-nps-answer':
      return progressOf(milestone, facts.firstNpsAnswerDay === null ? 0 : 1, facts.firstNpsAnswerDay);
    case 'custom': {
      // Reached when the vendor reports the day; progress alone only moves the bar.
      const reported = facts.custom.get(milestone.id);
      const reachedDay = reported?.reachedDay != null && reported.reachedDay <= asOfDay ? reported.reachedDay : null;
      return progressOf(milestone, reachedDay !== null ? target : Math.min(reported?.progress ?? 0, target), reachedDay);
    }
  }
}
