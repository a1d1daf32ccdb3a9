/**
 * The shifted-beta-geometric (sBG) model of retention in a contractual setting:
 * Fader & Hardie (2007), "How to Project Customer Retention", Journal of Interactive Marketing 21(1),
 * 76-90 (likelihood, survival, retention rates); the discounted expected residual lifetime from Fader &
 * Hardie (2010), "Customer-Base Valuation in a Contractual Setting: The Perils of Ignoring Heterogeneity",
 * Marketing Science 29(1), 85-93 (their equation 6).
 *
 * At the end of each period an active customer cancels with probability theta, theta ~ Beta(alpha, beta)
 * across customers. T, the period in which a customer cancels, has
 *   P(T = t) = B(alpha + 1, beta + t - 1) / B(alpha, beta),   S(t) = P(T > t) = B(alpha, beta + t) / B(alpha, beta).
 */

import { minimizePositive } from './optimize.ts';
import { hyp2f1UnitA, logBeta } from './special-functions.ts';

export interface SbgParams {
  alpha: number;
  beta: number;
}

export interface SbgFit extends SbgParams {
  logLikelihood: number;
  converged: boolean;
  iterations: number;
}

function assertParams({ alpha, beta }: SbgParams): void {
  if (![alpha, beta].every((v) => Number.isFinite(v) && v > 0)) {
    throw new RangeError(`sBG parameters must be positive and finite, got alpha ${alpha}, beta ${beta}`);
  }
}

function validateAlive(alive: readonly number[]): void {
  if (alive.length < 2) throw new RangeError('alive needs the cohort size and at least one later count');
  alive.forEach((count, t) => {
    if (!(Number.isFinite(count) && count >= 0)) throw new RangeError(`alive[${t}] must be a finite count >= 0, got ${count}`);
    if (t > 0 && count > (alive[t - 1] ?? 0)) {
      throw new RangeError(`alive[${t}] = ${count} exceeds alive[${t - 1}] = ${alive[t - 1]}: a cohort cannot grow`);
    }
  });
  if ((alive[0] ?? 0) <= 0) throw new RangeError('alive[0], the cohort size, must be positive');
}

/**
 * Log-likelihood of one cohort (FH 2007 eq. 5): the alive[t - 1] - alive[t] customers lost in period t
 * contribute log P(T = t); the alive[n] still active after the last period contribute log S(n).
 */
export function sbgLogLikelihood({ alpha, beta }: SbgParams, alive: readonly number[]): number {
  const logBetaAB = logBeta(alpha, beta);
  const n = alive.length - 1;
  let total = 0;
  for (let t = 1; t <= n; t++) {
    const lost = (alive[t - 1] ?? 0) - (alive[t] ?? 0);
    // beta + (t - 1), not beta + t - 1: the integer part first, or a tiny beta loses its digits to rounding.
    if (lost > 0) total += lost * (logBeta(alpha + 1, beta + (t - 1)) - logBetaAB);
  }
  const survivors = alive[n] ?? 0;
  if (survivors > 0) total += survivors * (logBeta(alpha, beta + n) - logBetaAB);
  return total;
}

/**
 * Maximum-likelihood sBG parameters from one cohort: alive[0] = cohort size, alive[t] = still active after
 * t periods (counts, or any common scale such as survivors per 1,000: the estimates are the same).
 */
export function fitShiftedBetaGeometric(alive: readonly number[]): SbgFit {
  validateAlive(alive);
  const result = minimizePositive(([alpha = 1, beta = 1]) => -sbgLogLikelihood({ alpha, beta }, alive), [1, 1]);
  const [alpha = Number.NaN, beta = Number.NaN] = result.x;
  return { alpha, beta, logLikelihood: -result.value, converged: result.converged, iterations: result.iterations };
}

/** S(t) = P(T > t): the share of a new cohort still active after t periods. */
export function sbgSurvival(params: SbgParams, t: number): number {
  assertParams(params);
  if (!(Number.isFinite(t) && t >= 0)) throw new RangeError(`t must be a finite number >= 0, got ${t}`);
  return Math.exp(logBeta(params.alpha, params.beta + t) - logBeta(params.alpha, params.beta));
}

/**
 * r_t = S(t) / S(t - 1) = (beta + t - 1) / (alpha + beta + t - 1) (FH 2007 eq. 8): the share of customers
 * active in period t who renew for period t + 1. It rises with t because the likeliest cancellers leave first.
 */
export function sbgRetentionRate(params: SbgParams, t: number): number {
  assertParams(params);
  if (!(Number.isFinite(t) && t >= 1)) throw new RangeError(`t must be a finite number >= 1, got ${t}`);
  const { alpha, beta } = params;
  return (beta + (t - 1)) / (alpha + beta + (t - 1));
}

export interface ResidualLifetimeInputs {
  /** Renewals the customer has made (n - 1 in FH 2010): she is now in period periodsSurvived + 1. */
  periodsSurvived: number;
  /** d: discount rate per period, > 0. */
  discountRate: number;
}

/**
 * DERL(d | alpha, beta, n - 1 renewals) = (beta + n - 1) / (alpha + beta + n - 1)
 *   * 2F1(1, beta + n; alpha + beta + n; 1 / (1 + d))   (FH 2010 eq. 6), with n = periodsSurvived + 1:
 * the expected discounted number of future payments of a customer valued at the end of period n, just
 * before her next renewal decision; the payment at that renewal is undiscounted and each later one is
 * discounted by one more period. Multiply by the margin per period to get her residual value.
 * It is sum_{t >= n} S(t) / S(n - 1) / (1 + d)^(t - n).
 */
export function sbgDiscountedExpectedResidualLifetime(params: SbgParams, inputs: ResidualLifetimeInputs): number {
  assertParams(params);
  const { periodsSurvived, discountRate } = inputs;
  if (!(Number.isInteger(periodsSurvived) && periodsSurvived >= 0)) {
    throw new RangeError(`periodsSurvived must be an integer >= 0, got ${periodsSurvived}`);
  }
  // With d = 0 the sum converges only for alpha > 1 and then slowly: a valuation needs a positive rate.
  if (!(Number.isFinite(discountRate) && discountRate > 0)) {
    throw new RangeError(`discountRate must be a finite number > 0, got ${discountRate}`);
  }
  const { alpha, beta } = params;
  const n = periodsSurvived + 1;
  const series = hyp2f1UnitA(beta + n, alpha + beta + n, 1 / (1 + discountRate));
  if (Number.isNaN(series)) {
    throw new RangeError(`DERL cannot be computed for alpha ${alpha}, beta ${beta}, n ${n}, d ${discountRate}`);
  }
  return ((beta + (n - 1)) / (alpha + beta + (n - 1))) * series;
}

export interface SubscriberLifetime {
  /** Churned: the period T in which the customer cancelled (>= 1). Active: the renewals observed so far (>= 0). */
  periods: number;
  churned: boolean;
  /** Identical customers this row stands for (default 1). */
  weight?: number;
}

/**
 * Log-likelihood of individual lifetimes observed for different lengths (customers who joined at
 * different times): a churned customer contributes log P(T = t), an active one log S(t) for the t renewals
 * seen so far (right-censored). With every customer observed equally long it equals sbgLogLikelihood.
 */
export function sbgLifetimeLogLikelihood({ alpha, beta }: SbgParams, lifetimes: readonly SubscriberLifetime[]): number {
  const logBetaAB = logBeta(alpha, beta);
  let total = 0;
  for (const { periods, churned, weight = 1 } of lifetimes) {
    if (weight === 0) continue;
    total += weight * ((churned ? logBeta(alpha + 1, beta + (periods - 1)) : logBeta(alpha, beta + periods)) - logBetaAB);
  }
  return total;
}

/** Maximum-likelihood sBG parameters from subscribers who joined at different times. */
export function fitShiftedBetaGeometricLifetimes(lifetimes: readonly SubscriberLifetime[]): SbgFit {
  lifetimes.forEach(({ periods, churned, weight = 1 }, index) => {
    const valid = Number.isInteger(periods) && (churned ? periods >= 1 : periods >= 0) && Number.isFinite(weight) && weight >= 0;
    if (!valid) throw new RangeError(`lifetime ${index}: ${JSON.stringify({ periods, churned, weight })} is not a valid observation`);
  });
  if (!lifetimes.some((row) => row.churned) || !lifetimes.some((row) => !row.churned && row.periods > 0)) {
    throw new RangeError('fitting sBG needs both customers who cancelled and customers who renewed at least once');
  }
  const result = minimizePositive(([alpha = 1, beta = 1]) => -sbgLifetimeLogLikelihood({ alpha, beta }, lifetimes), [1, 1]);
  const [alpha = Number.NaN, beta = Number.NaN] = result.x;
  return { alpha, beta, logLikelihood: -result.value, converged: result.converged, iterations: result.iterations };
}

/**
 * Expected discounted payments over the next `periods` renewals of a customer who has renewed
 * `periodsSurvived` times: sum over k = 1..periods of S(n + k) / S(n) / (1 + d)^k, n = periodsSurvived.
 * The horizon-limited counterpart of the DERL (the payment of the period under way is not counted).
 */
export function sbgExpectedDiscountedPayments(params: SbgParams, { periodsSurvived, periods, discountRate }: { periodsSurvived: number; periods: number; discountRate: number }): number {
  assertParams(params);
  let survival = 1;
  let total = 0;
  for (let k = 1; k <= periods; k += 1) {
    // S(n + k) / S(n + k - 1) is the retention rate of period n + k.
    survival *= sbgRetentionRate(params, periodsSurvived + k);
    total += survival / Math.pow(1 + discountRate, k);
  }
  return total;
}
