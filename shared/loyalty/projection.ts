/**
 * Dates at the customer's own pace: when a tier or milestone is reached if the customer keeps buying as
 * the models expect. Purchases come from the BG/NBD conditional expectation (Fader, Hardie & Lee 2005,
 * eq. 10, `bgNbdExpectedPurchases` of shared/clv), each worth the gamma-gamma expected spend per purchase.
 * The expectation is computed at the end of each month of the horizon and read linearly in between, so a
 * projection costs one model evaluation per month, not per day.
 *
 * For a rolling window the orders already made leave it as they age, and expected purchases count only
 * while inside it too; for a lifetime window nothing leaves.
 */
import { bgNbdExpectedPurchases, type BgNbdParams, type RfmRow } from '../clv/bg-nbd.ts';
import { DAYS_PER_MONTH } from '../clv/predicted-value.ts';
import type { PaceProjection } from '../schemas/loyalty.ts';
import { addMonths, isoDate } from './calendar.ts';
import { leavesWindowOn, type Contribution } from './window.ts';

export interface PaceInputs {
  params: BgNbdParams;
  /** The customer's (frequency, recency, T) as of today, in periods of `periodDays` days. */
  row: RfmRow;
  /** Expected value of one purchase (gamma-gamma), minor units. */
  spendPerPurchase: number;
  periodDays?: number;
}

export interface Pace {
  /** Expected purchases on the `days` days after today. */
  expectedPurchases(days: number): number;
  spendPerPurchase: number;
  horizonDays: number;
}

export function paceOf({ params, row, spendPerPurchase, periodDays = 7 }: PaceInputs, horizonMonths: number): Pace {
  const grid = [0];
  for (let month = 1; month <= horizonMonths; month += 1) grid.push(bgNbdExpectedPurchases(params, (month * DAYS_PER_MONTH) / periodDays, row));
  const last = grid[horizonMonths] ?? 0;
  return {
    spendPerPurchase,
    horizonDays: Math.floor(horizonMonths * DAYS_PER_MONTH),
    expectedPurchases(days: number): number {
      if (days <= 0) return 0;
      const months = days / DAYS_PER_MONTH;
      const index = Math.floor(months);
      if (index >= horizonMonths) return last;
      const below = grid[index] ?? 0;
      return below + ((grid[index + 1] ?? last) - below) * (months - index);
    },
  };
}

export interface ProjectionTarget {
  target: number;
  /** What one expected purchase adds to the value: its spend, 1 order, or its points. */
  perPurchase: number;
  /** Contributions so far (all on or before today) and their window. */
  contributions: readonly Contribution[];
  windowMonths: number | null;
}

/**
 * The value on each day after today at the customer's pace, for days in increasing order (the value of
 * past contributions is kept as a running total as they leave the window).
 */
function projector(pace: Pace, { perPurchase, contributions, windowMonths }: ProjectionTarget, today: number) {
  const leaving = contributions
    .map((contribution) => ({ day: leavesWindowOn(contribution.day, windowMonths), value: contribution.value }))
    .filter((item) => item.day > today)
    .sort((a, b) => a.day - b.day);
  let remaining = leaving.reduce((sum, item) => sum + item.value, 0);
  let next = 0;
  // Expected purchases count while inside the window; approximated by its mean length for the expectation.
  const windowDays = windowMonths === null ? Number.POSITIVE_INFINITY : Math.round(windowMonths * DAYS_PER_MONTH);
  const valueOn = (day: number) => {
    while (next < leaving.length && (leaving[next]?.day ?? Number.POSITIVE_INFINITY) <= day) {
      remaining -= leaving[next]?.value ?? 0;
      next += 1;
    }
    const ahead = day - today;
    const expected = pace.expectedPurchases(ahead) - pace.expectedPurchases(ahead - windowDays);
    return remaining + expected * perPurchase;
  };
  return { valueOn, inWindowToday: remaining };
}

/** The value of `target` at the customer's pace on `day` (a single read, for "on the review date"). */
export function projectedValueOn(pace: Pace, target: ProjectionTarget, today: number, day: number): number {
  return projector(pace, target, today).valueOn(day);
}

/**
 * When the target is reached at the customer's pace, within the horizon; when it is not, what would change
 * it: the amount still missing 12 months from today and the extra purchases of the expected size that
 * close it.
 */
export function projectReaching(pace: Pace, target: ProjectionTarget, today: number): PaceProjection {
  const { valueOn, inWindowToday } = projector(pace, target, today);
  // Nothing can exceed what counts today plus every purchase expected over the horizon: most unreachable
  // targets stop here, without a scan.
  const ceiling = inWindowToday + pace.expectedPurchases(pace.horizonDays) * target.perPurchase;
  if (ceiling >= target.target) {
    for (let day = today + 1; day <= today + pace.horizonDays; day += 1) {
      if (valueOn(day) >= target.target) return { reachedOn: isoDate(day), basis: 'pace', shortfall: null };
    }
  }
  const byDay = addMonths(today, 12);
  const missing = Math.max(0, target.target - projectedValueOn(pace, target, today, byDay));
  return {
    reachedOn: null,
    basis: 'pace',
    shortfall: {
      byDate: isoDate(byDay),
      amount: Math.ceil(missing),
      ordersAtYourAverage: target.perPurchase > 0 ? Math.ceil(missing / target.perPurchase) : null,
    },
  };
}
