/**
 * The Pareto/NBD model of repeat buying in a non-contractual setting:
 * Schmittlein, Morrison & Colombo (1987), "Counting Your Customers: Who Are They and What Will They Do
 * Next?", Management Science 33(1), 1-24; the likelihood and P(alive) as written by Fader & Hardie (2005),
 * "A Note on Deriving the Pareto/NBD Model and Related Expressions" (the "A0" formulation), in log space.
 *
 * While active, a customer buys at a Poisson rate lambda ~ Gamma(r, alpha); her unobserved lifetime is
 * exponential with rate mu ~ Gamma(s, beta). With (x, t_x, T) as in `rfmSummary`:
 *   L = Gamma(r + x) alpha^r beta^s / Gamma(r) * [ 1 / ((alpha + T)^(r + x) (beta + T)^s) + s / (r + s + x) A0 ]
 * where, with M = max(alpha, beta), k = s + 1 if alpha >= beta else r + x, and F(y) =
 * 2F1(r + s + x, k; r + s + x + 1; |alpha - beta| / (M + y)) / (M + y)^(r + s + x), A0 = F(t_x) - F(T).
 *
 * Numerics: the 2F1 argument z is always in [0, 1), and Euler's transformation turns
 * 2F1(r + s + x, k; r + s + x + 1; z) into (1 - z)^(1 - k) 2F1(1, r + s + x + 1 - k; r + s + x + 1; z), whose
 * value lies in [1, 1 / (1 - z)] even for x = 500 (the naive series' terms reach 1e300 first); that is
 * evaluated by Gauss's continued fraction, fast even when z nears 1 (alpha and beta far apart). F and A0
 * are kept as logarithms, and A0 = F(t_x) (1 - F(T) / F(t_x)) uses log1mExp, so no step overflows or
 * subtracts two huge numbers.
 */

import { compressRfmRows, initialRateParams, validateRfmRow, type CompressedRfm, type RfmRow } from './bg-nbd.ts';
import { minimizePositive } from './optimize.ts';
import { hyp2f1UnitA, log1mExp, logAddExp, logGammaRatio } from './special-functions.ts';

export interface ParetoNbdParams {
  r: number;
  alpha: number;
  s: number;
  beta: number;
}

export interface ParetoNbdFit extends ParetoNbdParams {
  logLikelihood: number;
  converged: boolean;
  iterations: number;
}

function assertParams({ r, alpha, s, beta }: ParetoNbdParams): void {
  if (![r, alpha, s, beta].every((v) => Number.isFinite(v) && v > 0)) {
    throw new RangeError(`Pareto/NBD parameters must be positive and finite, got r ${r}, alpha ${alpha}, s ${s}, beta ${beta}`);
  }
}

/**
 * The two parts of a customer's likelihood, without the common factor Gamma(r + x) alpha^r beta^s / Gamma(r):
 * `alive` = log of the "still active at T" term, `dropped` = log of the "dropped out between t_x and T" term.
 */
function logLikelihoodParts(
  { r, alpha, s, beta }: ParetoNbdParams,
  x: number,
  tx: number,
  T: number,
): { alive: number; dropped: number } {
  const alive = -(r + x) * Math.log(alpha + T) - s * Math.log(beta + T);
  if (tx === T) return { alive, dropped: Number.NEGATIVE_INFINITY }; // no time left to drop out unseen
  const rsx = r + s + x;
  const [max, k] = alpha >= beta ? [alpha, s + 1] : [beta, r + x];
  const gap = Math.abs(alpha - beta);
  const logF = (y: number): number => {
    const z = gap / (max + y);
    return (1 - k) * Math.log1p(-z) + Math.log(hyp2f1UnitA(rsx + 1 - k, rsx + 1, z)) - rsx * Math.log(max + y);
  };
  const logFtx = logF(tx);
  const logA0 = logFtx + log1mExp(Math.min(0, logF(T) - logFtx));
  return { alive, dropped: Math.log(s) - Math.log(rsx) + logA0 };
}

/** The Pareto/NBD log-likelihood of compressed rows. */
export function paretoNbdLogLikelihoodCompressed(params: ParetoNbdParams, data: CompressedRfm): number {
  const { r, alpha, s, beta } = params;
  const common = r * Math.log(alpha) + s * Math.log(beta);
  const logGammaRx = data.distinctFrequencies.map((x) => logGammaRatio(r, x));
  let total = 0;
  for (let j = 0; j < data.weight.length; j++) {
    const { alive, dropped } = logLikelihoodParts(params, data.frequency[j] ?? 0, data.recency[j] ?? 0, data.T[j] ?? 0);
    const shared = (logGammaRx[data.frequencyIndex[j] ?? 0] ?? 0) + common;
    total += (data.weight[j] ?? 0) * (shared + logAddExp(alive, dropped));
  }
  return total;
}

/** The Pareto/NBD log-likelihood of customer rows (weights count identical customers). */
export function paretoNbdLogLikelihood(params: ParetoNbdParams, rows: readonly RfmRow[]): number {
  assertParams(params);
  return paretoNbdLogLikelihoodCompressed(params, compressRfmRows(rows));
}

/** Maximum-likelihood Pareto/NBD parameters, fitted on rows merged by identical (x, t_x, T). */
export function fitParetoNbd(rows: readonly RfmRow[]): ParetoNbdFit {
  const data = compressRfmRows(rows);
  if (data.weight.length === 0) throw new RangeError('fitParetoNbd needs at least one customer with positive weight');
  const initial = initialRateParams(data);
  // Start with beta = alpha: the 2F1 argument |alpha - beta| / (M + y) is then 0 and its series shortest.
  const result = minimizePositive(
    ([r = 1, alpha = 1, s = 1, beta = 1]) => -paretoNbdLogLikelihoodCompressed({ r, alpha, s, beta }, data),
    [initial.r, initial.alpha, 1, initial.alpha],
  );
  const [r = Number.NaN, alpha = Number.NaN, s = Number.NaN, beta = Number.NaN] = result.x;
  return { r, alpha, s, beta, logLikelihood: -result.value, converged: result.converged, iterations: result.iterations };
}

/**
 * P(alive | x, t_x, T) = 1 / (1 + s / (r + s + x) (alpha + T)^(r + x) (beta + T)^s A0) (Fader & Hardie 2005,
 * eq. 11): the share of the likelihood that comes from the customer still being active at T.
 */
export function paretoNbdProbabilityAlive(params: ParetoNbdParams, row: RfmRow): number {
  assertParams(params);
  validateRfmRow(row);
  const { alive, dropped } = logLikelihoodParts(params, row.frequency, row.recency, row.T);
  const probability = Math.exp(alive - logAddExp(alive, dropped));
  if (!Number.isFinite(probability)) {
    throw new RangeError(`P(alive) cannot be computed for ${JSON.stringify({ params, row })}`);
  }
  return Math.min(1, probability);
}
