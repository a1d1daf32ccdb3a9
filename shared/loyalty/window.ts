/**
 * Qualifying values over a window of months. A contribution (an order's amount, an order, points earned)
 * counts from its own day through the day before the same date `windowMonths` later (`addMonths`): an
 * order of 2024-07-16 counts in the rolling 12 months of every day through 2025-07-15 and no longer on
 * 2025-07-16; one of 2024-02-29 counts through 2025-02-28. A null window is the customer's lifetime.
 */
import { addMonths } from './calendar.ts';
import type { QualifyingWindow } from '../schemas/program.ts';

/** Months in the rolling window of a program's qualification, or null for lifetime. */
export const WINDOW_MONTHS: Record<QualifyingWindow, number | null> = { 'rolling-12-months': 12, lifetime: null };

export interface Contribution {
  day: number;
  value: number;
}

// Customers of a tenant buy on the same calendar days: the answers repeat, so they are kept.
const leaving = new Map<number, number>();

/** The first day on which a contribution of `day` no longer counts (Infinity for a lifetime window). */
export function leavesWindowOn(day: number, windowMonths: number | null): number {
  if (windowMonths === null) return Number.POSITIVE_INFINITY;
  const key = day * 1000 + windowMonths;
  let leaves = leaving.get(key);
  if (leaves === undefined) {
    leaves = addMonths(day, windowMonths);
    if (leaving.size > 200_000) leaving.clear();
    leaving.set(key, leaves);
  }
  return leaves;
}

/** The first day whose contributions still count on `day`, or -Infinity for a lifetime window. */
export function windowStart(day: number, windowMonths: number | null): number {
  if (windowMonths === null) return Number.NEGATIVE_INFINITY;
  // addMonths is non-decreasing in its day, so step from a guess to the smallest day that still counts.
  let start = addMonths(day, -windowMonths);
  while (leavesWindowOn(start - 1, windowMonths) > day) start -= 1;
  while (leavesWindowOn(start, windowMonths) <= day) start += 1;
  return start;
}

/** The value on `day` of the contributions made on or before it. */
export function valueOn(contributions: readonly Contribution[], day: number, windowMonths: number | null): number {
  let total = 0;
  for (const contribution of contributions) {
    if (contribution.day <= day && leavesWindowOn(contribution.day, windowMonths) > day) total += contribution.value;
  }
  return total;
}

/**
 * Days on which the value changes, with the change, in day order: contributions entering and leaving the window.
 * A day with both sums them, the leaving ones first. The contributions are merged in day order with the days
 * they leave, which follow the same order (adding months never goes back); they are sorted first if they are not.
 * Run for every customer of a tenant after each scoring run: no map, and no closure held in a named variable (the
 * server's TypeScript loader names each such closure as it is created, per call; the callbacks passed inline are not).
 */
export function valueChanges(contributions: readonly Contribution[], windowMonths: number | null): Array<{ day: number; delta: number }> {
  const inOrder = contributions.every((contribution, i) => i === 0 || (contributions[i - 1]?.day ?? 0) <= contribution.day);
  const sorted = inOrder ? contributions : [...contributions].sort((a, b) => a.day - b.day);
  const leaves = windowMonths === null ? [] : sorted.map((contribution) => leavesWindowOn(contribution.day, windowMonths));
  const changes: Array<{ day: number; delta: number }> = [];
  let entering = 0;
  let leaving = 0;
  while (entering < sorted.length || leaving < leaves.length) {
    const day = Math.min(sorted[entering]?.day ?? Number.POSITIVE_INFINITY, leaves[leaving] ?? Number.POSITIVE_INFINITY);
    let delta = 0;
    for (; leaving < leaves.length && leaves[leaving] === day; leaving += 1) delta -= sorted[leaving]?.value ?? 0;
    for (; entering < sorted.length && sorted[entering]?.day === day; entering += 1) delta += sorted[entering]?.value ?? 0;
    changes.push({ day, delta });
  }
  return changes;
}
