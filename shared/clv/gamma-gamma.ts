/**
 * The gamma-gamma model of spend per transaction:
 * Fader & Hardie (2013), "The Gamma-Gamma Model of Monetary Value" (after Colombo & Jiang 1999, "A
 * stochastic RFM model", Journal of Interactive Marketing 13(3)); the likelihood of a customer's mean
 * repeat-transaction value and the conditional expectation of her spend per transaction, in log space.
 *
 * Each transaction value z ~ Gamma(p, nu); across customers nu ~ Gamma(q, gamma). A customer with x repeat
 * transactions of mean zbar has density
 *   f(zbar | x) = Gamma(p x + q) / (Gamma(p x) Gamma(q)) gamma^q x^(p x) zbar^(p x - 1) / (gamma + x zbar)^(p x + q).
 * The model assumes spend is independent of purchase frequency; fit it on repeat buyers only (x > 0).
 */

import { minimizePositive } from './optimize.ts';
import { logBeta } from './special-functions.ts';

export interface SpendRow {
  /** x: number of repeat transactions. */
  frequency: number;
  /** zbar: mean value of the repeat transactions (ignored when frequency is 0). */
  monetaryValue: number;
  /** Number of identical customers this row stands for (default 1). */
  weight?: number;
}

export interface GammaGammaParams {
  p: number;
  q: number;
  gamma: number;
}

export interface GammaGammaFit extends GammaGammaParams {
  logLikelihood: number;
  /** Customers (total weight) the fit used: those with frequency > 0. */
  customers: number;
  converged: boolean;
  iterations: number;
}

interface CompressedSpend {
  frequency: Float64Array;
  logMean: Float64Array;
  mean: Float64Array;
  weight: Float64Array;
  distinctFrequencies: number[];
  frequencyIndex: Int32Array;
}

function validateSpendRow(row: SpendRow, index = 0): void {
  const { frequency: x, monetaryValue: m } = row;
  const weight = row.weight ?? 1;
  const where = `row ${index} (frequency ${x}, monetaryValue ${m}, weight ${weight})`;
  if (![x, m, weight].every(Number.isFinite)) throw new RangeError(`${where}: values must be finite numbers`);
  if (x < 0) throw new RangeError(`${where}: frequency must be >= 0`);
  if (weight < 0) throw new RangeError(`${where}: weight must be >= 0`);
  // Gamma-distributed spend is positive: a repeat buyer whose mean is 0 or negative (refunds) is outside
  // the model, and silently dropping her would bias the fit, so the caller must decide.
  if (x > 0 && m <= 0) throw new RangeError(`${where}: monetaryValue must be > 0 for a repeat buyer`);
}

/** Repeat buyers only, merged by identical (x, zbar). */
function compressSpendRows(rows: readonly SpendRow[]): CompressedSpend {
  const merged = new Map<string, { x: number; m: number; weight: number }>();
  rows.forEach((row, index) => {
    validateSpendRow(row, index);
    const weight = row.weight ?? 1;
    if (row.frequency === 0 || weight === 0) return;
    const key = `${row.frequency}|${row.monetaryValue}`;
    const existing = merged.get(key);
    if (existing) existing.weight += weight;
    else merged.set(key, { x: row.frequency, m: row.monetaryValue, weight });
  });
  const entries = [...merged.values()];
  const distinctFrequencies = [...new Set(entries.map((e) => e.x))].sort((u, v) => u - v);
  const position = new Map(distinctFrequencies.map((x, i) => [x, i]));
  return {
    frequency: Float64Array.from(entries, (e) => e.x),
    logMean: Float64Array.from(entries, (e) => Math.log(e.m)),
    mean: Float64Array.from(entries, (e) => e.m),
    weight: Float64Array.from(entries, (e) => e.weight),
    distinctFrequencies,
    frequencyIndex: Int32Array.from(entries, (e) => position.get(e.x) ?? 0),
  };
}

function gammaGammaLogLikelihoodCompressed({ p, q, gamma }: GammaGammaParams, data: CompressedSpend): number {
  const k = data.distinctFrequencies.length;
  const perFrequency = new Float64Array(k);
  const qLogGamma = q * Math.log(gamma);
  for (let i = 0; i < k; i++) {
    const x = data.distinctFrequencies[i] ?? 1;
    // Gamma(p x + q) / (Gamma(p x) Gamma(q)) = 1 / B(p x, q), accurate even for large p x.
    perFrequency[i] = -logBeta(p * x, q) + p * x * Math.log(x) + qLogGamma;
  }
  let total = 0;
  for (let j = 0; j < data.weight.length; j++) {
    const x = data.frequency[j] ?? 1;
    const px = p * x;
    const term = (perFrequency[data.frequencyIndex[j] ?? 0] ?? 0) + (px - 1) * (data.logMean[j] ?? 0) -
      (px + q) * Math.log(gamma + x * (data.mean[j] ?? 0));
    total += (data.weight[j] ?? 0) * term;
  }
  return total;
}

function assertParams({ p, q, gamma }: GammaGammaParams): void {
  if (![p, q, gamma].every((v) => Number.isFinite(v) && v > 0)) {
    throw new RangeError(`gamma-gamma parameters must be positive and finite, got p ${p}, q ${q}, gamma ${gamma}`);
  }
}

/** The gamma-gamma log-likelihood of the repeat buyers among `rows` (rows with frequency 0 are skipped). */
export function gammaGammaLogLikelihood(params: GammaGammaParams, rows: readonly SpendRow[]): number {
  assertParams(params);
  return gammaGammaLogLikelihoodCompressed(params, compressSpendRows(rows));
}

/** Maximum-likelihood gamma-gamma parameters over the customers with frequency > 0. */
export function fitGammaGamma(rows: readonly SpendRow[]): GammaGammaFit {
  const data = compressSpendRows(rows);
  let customers = 0;
  let spend = 0;
  for (let j = 0; j < data.weight.length; j++) {
    customers += data.weight[j] ?? 0;
    spend += (data.weight[j] ?? 0) * (data.mean[j] ?? 0);
  }
  if (customers === 0) throw new RangeError('fitGammaGamma needs at least one customer with frequency > 0');
  // Start where the population mean p gamma / (q - 1) equals the observed mean: p = 1, q = 2, gamma = mean.
  const result = minimizePositive(
    ([p = 1, q = 2, gamma = 1]) => -gammaGammaLogLikelihoodCompressed({ p, q, gamma }, data),
    [1, 2, spend / customers],
  );
  const [p = Number.NaN, q = Number.NaN, gamma = Number.NaN] = result.x;
  return {
    p,
    q,
    gamma,
    logLikelihood: -result.value,
    customers,
    converged: result.converged,
    iterations: result.iterations,
  };
}

/**
 * E[Z | p, q, gamma, x, zbar]: the expected value of this customer's future transactions,
 * (gamma + x zbar) p / (p x + q - 1), a weighted mean of the population mean p gamma / (q - 1) and her own
 * zbar (Fader & Hardie 2013, eq. 5). For frequency 0 it is the population mean, which exists only for q > 1.
 */
export function gammaGammaExpectedSpend(params: GammaGammaParams, row: SpendRow): number {
  assertParams(params);
  validateSpendRow(row);
  const { p, q, gamma } = params;
  const x = row.frequency;
  if (x === 0 && q <= 1) {
    throw new RangeError(`the population mean spend p gamma / (q - 1) is infinite for q = ${q} <= 1`);
  }
  const zbar = x === 0 ? 0 : row.monetaryValue;
  return ((gamma + x * zbar) * p) / (p * x + q - 1);
}
