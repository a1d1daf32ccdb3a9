/**
 * The BG/NBD model of repeat buying in a non-contractual setting:
 * Fader, Hardie & Lee (2005), "'Counting Your Customers' the Easy Way: An Alternative to the Pareto/NBD
 * Model", Marketing Science 24(2), 275-284; the likelihood (their equation 6) in log space, P(alive)
 * (their equation 13) and the conditional expectation (their equation 10).
 *
 * While active, a customer buys at a Poisson rate lambda ~ Gamma(r, alpha); after each repeat purchase she
 * drops out with probability p ~ Beta(a, b). A customer is summarised by (x, t_x, T): x repeat purchases,
 * the last at age t_x, observed until age T (see `rfmSummary`).
 */

import { minimizePositive } from './optimize.ts';
import { hyp2f1SignedLog, logAddExp, logBeta, logGammaRatio, logSigmoidComplement } from './special-functions.ts';

export interface RfmRow {
  /** x: number of repeat purchases (purchase days after the first). */
  frequency: number;
  /** t_x: age at the last purchase, in periods (0 when frequency is 0). */
  recency: number;
  /** Age at the end of observation, in periods. */
  T: number;
  /** Number of identical customers this row stands for (default 1), so fits can run on compressed data. */
  weight?: number;
}

export interface BgNbdParams {
  r: number;
  alpha: number;
  a: number;
  b: number;
}

export interface BgNbdFit extends BgNbdParams {
  logLikelihood: number;
  converged: boolean;
  iterations: number;
}

/** Rows merged by identical (x, t_x, T) with summed weights, plus each row's index into the distinct x. */
export interface CompressedRfm {
  frequency: Float64Array;
  recency: Float64Array;
  T: Float64Array;
  weight: Float64Array;
  /** Distinct frequencies, so Gamma and Beta functions of x are computed once per x, not per row. */
  distinctFrequencies: number[];
  frequencyIndex: Int32Array;
}

/** Checks rows and merges identical ones; throws a RangeError naming the first invalid row. */
export function compressRfmRows(rows: readonly RfmRow[]): CompressedRfm {
  const merged = new Map<string, { x: number; tx: number; T: number; weight: number }>();
  rows.forEach((row, index) => {
    validateRfmRow(row, index);
    const weight = row.weight ?? 1;
    if (weight === 0) return;
    const key = `${row.frequency}|${row.recency}|${row.T}`;
    const existing = merged.get(key);
    if (existing) existing.weight += weight;
    else merged.set(key, { x: row.frequency, tx: row.recency, T: row.T, weight });
  });
  const entries = [...merged.values()];
  const distinctFrequencies = [...new Set(entries.map((e) => e.x))].sort((p, q) => p - q);
  const position = new Map(distinctFrequencies.map((x, i) => [x, i]));
  return {
    frequency: Float64Array.from(entries, (e) => e.x),
    recency: Float64Array.from(entries, (e) => e.tx),
    T: Float64Array.from(entries, (e) => e.T),
    weight: Float64Array.from(entries, (e) => e.weight),
    distinctFrequencies,
    frequencyIndex: Int32Array.from(entries, (e) => position.get(e.x) ?? 0),
  };
}

export function validateRfmRow(row: RfmRow, index = 0): void {
  const { frequency: x, recency: tx, T } = row;
  const weight = row.weight ?? 1;
  const where = `row ${index} (frequency ${x}, recency ${tx}, T ${T}, weight ${weight})`;
  if (![x, tx, T, weight].every(Number.isFinite)) throw new RangeError(`${where}: values must be finite numbers`);
  if (x < 0) throw new RangeError(`${where}: frequency must be >= 0`);
  if (tx < 0 || tx > T) throw new RangeError(`${where}: recency must be in [0, T]`);
  if (x === 0 && tx !== 0) throw new RangeError(`${where}: recency must be 0 when frequency is 0`);
  if (weight < 0) throw new RangeError(`${where}: weight must be >= 0`);
}

function assertParams({ r, alpha, a, b }: BgNbdParams): void {
  if (![r, alpha, a, b].every((v) => Number.isFinite(v) && v > 0)) {
    throw new RangeError(`BG/NBD parameters must be positive and finite, got r ${r}, alpha ${alpha}, a ${a}, b ${b}`);
  }
}

/**
 * The log-likelihood of compressed rows (FHL 2005 eq. 6, each term in log space):
 * L = B(a, b + x) / B(a, b) * Gamma(r + x) alpha^r / (Gamma(r) (alpha + T)^(r + x))
 *   + [x > 0] B(a + 1, b + x - 1) / B(a, b) * Gamma(r + x) alpha^r / (Gamma(r) (alpha + t_x)^(r + x)).
 */
export function bgNbdLogLikelihoodCompressed({ r, alpha, a, b }: BgNbdParams, data: CompressedRfm): number {
  const logBetaAB = logBeta(a, b);
  const rLogAlpha = r * Math.log(alpha);
  const k = data.distinctFrequencies.length;
  const shared = new Float64Array(k);
  const stillActive = new Float64Array(k);
  const droppedOut = new Float64Array(k);
  for (let i = 0; i < k; i++) {
    const x = data.distinctFrequencies[i] ?? 0;
    shared[i] = logGammaRatio(r, x) + rLogAlpha;
    stillActive[i] = logBeta(a, b + x) - logBetaAB;
    // b + (x - 1), not b + x - 1: the integer part first, or a tiny b loses its digits to rounding.
    droppedOut[i] = x > 0 ? logBeta(a + 1, b + (x - 1)) - logBetaAB : Number.NEGATIVE_INFINITY;
  }
  let total = 0;
  for (let j = 0; j < data.weight.length; j++) {
    const i = data.frequencyIndex[j] ?? 0;
    const rx = r + (data.frequency[j] ?? 0);
    const aliveTerm = (stillActive[i] ?? 0) - rx * Math.log(alpha + (data.T[j] ?? 0));
    const dropoutTerm = (droppedOut[i] ?? 0) - rx * Math.log(alpha + (data.recency[j] ?? 0));
    total += (data.weight[j] ?? 0) * ((shared[i] ?? 0) + logAddExp(aliveTerm, dropoutTerm));
  }
  return total;
}

/** The BG/NBD log-likelihood of customer rows (weights count identical customers). */
export function bgNbdLogLikelihood(params: BgNbdParams, rows: readonly RfmRow[]): number {
  assertParams(params);
  return bgNbdLogLikelihoodCompressed(params, compressRfmRows(rows));
}

/**
 * Maximum-likelihood BG/NBD parameters. Identical rows are merged first, so a fit costs the number of
 * distinct (x, t_x, T) rather than the number of customers.
 */
export function fitBgNbd(rows: readonly RfmRow[]): BgNbdFit {
  const data = compressRfmRows(rows);
  if (data.weight.length === 0) throw new RangeError('fitBgNbd needs at least one customer with positive weight');
  const initial = initialRateParams(data);
  const result = minimizePositive(
    ([r = 1, alpha = 1, a = 1, b = 1]) => -bgNbdLogLikelihoodCompressed({ r, alpha, a, b }, data),
    [initial.r, initial.alpha, 1, 1],
  );
  const [r = Number.NaN, alpha = Number.NaN, a = Number.NaN, b = Number.NaN] = result.x;
  return { r, alpha, a, b, logLikelihood: -result.value, converged: result.converged, iterations: result.iterations };
}

/**
 * A starting point for (r, alpha) from the mean repeat-purchase rate: with r = 1, alpha = T / x on average.
 * Starting at the right time scale matters because alpha is measured in periods (days or weeks).
 */
export function initialRateParams(data: CompressedRfm): { r: number; alpha: number } {
  let purchases = 0;
  let exposure = 0;
  for (let j = 0; j < data.weight.length; j++) {
    const w = data.weight[j] ?? 0;
    purchases += w * (data.frequency[j] ?? 0);
    exposure += w * (data.T[j] ?? 0);
  }
  const alpha = exposure > 0 ? exposure / (purchases + 1) : 1;
  return { r: 1, alpha: Math.max(alpha, 1e-6) };
}

/**
 * log of the odds that a customer has dropped out rather than being active (FHL 2005 eq. 13):
 * a / (b + x - 1) * ((alpha + T) / (alpha + t_x))^(r + x); -Infinity (certainly active) when x = 0.
 */
function logOddsDroppedOut({ r, alpha, a, b }: BgNbdParams, { frequency: x, recency: tx, T }: RfmRow): number {
  if (x === 0) return Number.NEGATIVE_INFINITY;
  return Math.log(a) - Math.log(b + (x - 1)) + (r + x) * (Math.log(alpha + T) - Math.log(alpha + tx));
}

/** P(alive | x, t_x, T): the probability that the customer has not dropped out by age T. */
export function bgNbdProbabilityAlive(params: BgNbdParams, row: RfmRow): number {
  assertParams(params);
  validateRfmRow(row);
  return Math.exp(logSigmoidComplement(logOddsDroppedOut(params, row)));
}

/**
 * E[X(T, T + t) | x, t_x, T]: expected purchases in the next t periods (FHL 2005 eq. 10),
 * (a + b + x - 1) / (a - 1) * [1 - ((alpha + T) / (alpha + T + t))^(r + x) 2F1(r + x, b + x; a + b + x - 1; z)]
 * * P(alive), with z = t / (alpha + T + t).
 *
 * Euler's transformation turns the bracket into 1 - (1 - z)^(a - 1) 2F1(a + b - 1 - r, a - 1; a + b + x - 1; z),
 * whose series parameters do not grow with x, so frequent customers neither overflow nor slow down.
 */
export function bgNbdExpectedPurchases(params: BgNbdParams, t: number, row: RfmRow): number {
  assertParams(params);
  validateRfmRow(row);
  if (!(Number.isFinite(t) && t >= 0)) throw new RangeError(`t must be a finite number >= 0, got ${t}`);
  if (t === 0) return 0;
  // a = 1 and a + b + x - 1 = 0 are removable singularities of the closed form (0/0) and lose precision
  // close by; the expectation is continuous in the parameters, so there we average it just either side.
  const h = 1e-6;
  const nearOne = Math.abs(params.a - 1) < h;
  const nearPole = Math.abs(params.a + params.b + (row.frequency - 1)) < h;
  const value = nearOne || nearPole
    ? (expectedPurchasesFormula(nudge(params, row, h), t, row) + expectedPurchasesFormula(nudge(params, row, -h), t, row)) / 2
    : expectedPurchasesFormula(params, t, row);
  if (!Number.isFinite(value)) {
    throw new RangeError(`expected purchases cannot be computed for ${JSON.stringify({ params, t, row })}`);
  }
  return value;
}

function nudge(params: BgNbdParams, row: RfmRow, h: number): BgNbdParams {
  const { a, b } = params;
  const moveA = Math.abs(a - 1) < Math.abs(h);
  // Moving a alone would also move a + b + x - 1, so b is moved only when a is not.
  const moveB = !moveA && Math.abs(a + b + (row.frequency - 1)) < Math.abs(h);
  return { ...params, a: moveA ? a + 2 * h : a, b: moveB ? b + 2 * h : b };
}

function expectedPurchasesFormula(params: BgNbdParams, t: number, row: RfmRow): number {
  const { r, alpha, a, b } = params;
  const x = row.frequency;
  const c = a + b + (x - 1);
  const z = t / (alpha + row.T + t);
  const series = hyp2f1SignedLog(a + b - 1 - r, a - 1, c, z);
  if (Number.isNaN(series.logAbs)) return Number.NaN;
  // -expm1 keeps the bracket accurate when it is small (short horizons).
  const logProduct = (a - 1) * Math.log1p(-z) + series.logAbs;
  const bracket = series.sign === 1 ? -Math.expm1(logProduct) : 1 - series.sign * Math.exp(logProduct);
  const pAlive = Math.exp(logSigmoidComplement(logOddsDroppedOut(params, row)));
  return (c / (a - 1)) * bracket * pAlive;
}
