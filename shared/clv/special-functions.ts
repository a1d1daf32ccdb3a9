/**
 * Special functions used by the CLV models, written for the models' likelihoods rather than as a
 * general-purpose library:
 * - `logGamma`: the Lanczos approximation (Lanczos 1964, "A precision approximation of the gamma
 *   function"; g = 7, n = 9 coefficients as published by Godfrey), with the reflection formula below 1/2.
 * - `logBeta`: Stirling's formula with its remainder series for large arguments (as in R's lbeta), so that
 *   ratios of beta functions stay accurate at the extreme parameters an optimiser visits.
 * - `hyp2f1`: the Gauss hypergeometric function 2F1(a, b; c; z) for real z < 1, summed as its power series
 *   after the Euler and Pfaff transformations (Abramowitz & Stegun 15.3.3 to 15.3.5) that keep the series
 *   argument in [0, 1) and the parameters small; the sum is carried with a separate scale exponent so it
 *   cannot overflow, which is what breaks naive Pareto/NBD implementations for frequent customers.
 * - `hyp2f1UnitA`: 2F1(1, b; c; z), the form the Pareto/NBD likelihood (after Euler's transformation) and
 *   the sBG residual lifetime need, by Gauss's continued fraction (Wall 1948, "Analytic Theory of Continued
 *   Fractions", ch. 18; evaluated with the modified Lentz method, Thompson & Barnett 1986), which needs
 *   roughly the square root of the series' number of terms as z nears 1.
 * - small log-space helpers (`logAddExp`, `log1mExp`, `logSigmoidComplement`) so likelihoods never leave
 *   log space.
 */

const LANCZOS_G = 7;
const LANCZOS_COEFFICIENTS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
  12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
] as const;
const HALF_LOG_TWO_PI = 0.5 * Math.log(2 * Math.PI);

/** log |Gamma(x)| for real x that is not 0 or a negative integer (relative error about 1e-15). */
export function logGamma(x: number): number {
  if (Number.isNaN(x)) return Number.NaN;
  if (x === Number.POSITIVE_INFINITY) return Number.POSITIVE_INFINITY;
  if (x <= 0 && Number.isInteger(x)) return Number.POSITIVE_INFINITY; // poles of Gamma
  if (x < 0.5) {
    // Reflection: Gamma(x) Gamma(1 - x) = pi / sin(pi x); the series below is only accurate for x >= 1/2.
    return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - logGamma(1 - x);
  }
  const y = x - 1;
  let series: number = LANCZOS_COEFFICIENTS[0];
  for (let i = 1; i < LANCZOS_COEFFICIENTS.length; i++) series += (LANCZOS_COEFFICIENTS[i] ?? 0) / (y + i);
  const t = y + LANCZOS_G + 0.5;
  return HALF_LOG_TWO_PI + (y + 0.5) * Math.log(t) - t + Math.log(series);
}

/**
 * The remainder of Stirling's series, log Gamma(x) - [(x - 1/2) log x - x + log(2 pi) / 2], for x >= 10:
 * sum of B(2k) / (2k (2k - 1) x^(2k - 1)) up to k = 7, whose next term is below 3e-17 there.
 */
function stirlingRemainder(x: number): number {
  const inverse = 1 / x;
  const square = inverse * inverse;
  return inverse * (1 / 12 + square * (-1 / 360 + square * (1 / 1260 + square * (-1 / 1680 +
    square * (1 / 1188 + square * (-691 / 360360 + square * (1 / 156)))))));
}

/**
 * log B(a, b) for a, b > 0. Written as log Gamma(a) + log Gamma(b) - log Gamma(a + b) it loses everything
 * when an argument is large (1e13 gives log Gamma near 4e14, so an absolute error near 0.1), and an
 * optimiser will happily exploit that noise. For arguments of 10 and more the large parts are cancelled
 * analytically with Stirling's formula and only the small remainders are subtracted numerically (the
 * decomposition R's nmath lbeta uses).
 */
export function logBeta(a: number, b: number): number {
  const p = Math.min(a, b);
  const q = Math.max(a, b);
  if (!(p > 0)) return p === 0 ? Number.POSITIVE_INFINITY : Number.NaN;
  if (q === Number.POSITIVE_INFINITY) return Number.NEGATIVE_INFINITY;
  const share = p / (p + q);
  if (p >= 10) {
    const remainder = stirlingRemainder(p) + stirlingRemainder(q) - stirlingRemainder(p + q);
    return -0.5 * Math.log(q) + HALF_LOG_TWO_PI + remainder + (p - 0.5) * Math.log(share) + q * Math.log1p(-share);
  }
  if (q >= 10) {
    const remainder = stirlingRemainder(q) - stirlingRemainder(p + q);
    return logGamma(p) + remainder + p - p * Math.log(p + q) + (q - 0.5) * Math.log1p(-share);
  }
  return logGamma(p) + logGamma(q) - logGamma(p + q);
}

/**
 * log(Gamma(r + x) / Gamma(r)) for r > 0, x >= 0: the log rising factorial of the BTYD likelihoods,
 * computed as log Gamma(x) - log B(r, x) so that it stays accurate when r is large.
 */
export function logGammaRatio(r: number, x: number): number {
  return x === 0 ? 0 : logGamma(x) - logBeta(r, x);
}

/** log(exp(x) + exp(y)) without overflow; -Infinity stands for log 0. */
export function logAddExp(x: number, y: number): number {
  if (x === Number.NEGATIVE_INFINITY) return y;
  if (y === Number.NEGATIVE_INFINITY) return x;
  const max = x > y ? x : y;
  return max + Math.log1p(Math.exp(-Math.abs(x - y)));
}

/**
 * log(1 - exp(x)) for x <= 0, accurate both near 0 and far below (Maechler 2012, "Accurately computing
 * log(1 - exp(-|a|))"): used for differences of two likelihood terms known only through their logs.
 */
export function log1mExp(x: number): number {
  if (x > 0) return Number.NaN;
  return x > -Math.LN2 ? Math.log(-Math.expm1(x)) : Math.log1p(-Math.exp(x));
}

/** log(1 / (1 + exp(x))): the log of a probability written as 1 / (1 + odds), with x = log odds. */
export function logSigmoidComplement(x: number): number {
  // -log(1 + e^x), computed without overflow for large x and without losing small values for very negative x.
  return x > 0 ? -x - Math.log1p(Math.exp(-x)) : -Math.log1p(Math.exp(x));
}

/** A real number carried as sign x exp(logAbs), so that huge and tiny magnitudes survive. */
export interface SignedLog {
  sign: -1 | 0 | 1;
  logAbs: number;
}

const MAX_SERIES_TERMS = 2_000_000;
const SERIES_EPSILON = 1e-16;
const RESCALE_ABOVE = 1e200;
const LOG_RESCALE = Math.log(RESCALE_ABOVE);

/**
 * Sums the Gauss series sum_n (a)_n (b)_n / ((c)_n n!) z^n for 0 <= z < 1. Returns NaN (never a wrong
 * number) when the parameters hit a pole (c a non-positive integer) or the series does not settle within
 * MAX_SERIES_TERMS, so callers can decide between throwing and rejecting an optimiser step.
 */
function gaussSeries(a: number, b: number, c: number, z: number): SignedLog {
  if (z === 0 || a === 0 || b === 0) return { sign: 1, logAbs: 0 };
  if (c <= 0 && Number.isInteger(c)) return { sign: 1, logAbs: Number.NaN };
  // The sum and the current term share one scale factor exp(logScale) so neither can overflow.
  let logScale = 0;
  let sum = 1;
  let term = 1;
  const settledAfter = Math.abs(a) + Math.abs(b) + Math.abs(c);
  for (let n = 0; n < MAX_SERIES_TERMS; n++) {
    const ratio = ((a + n) * (b + n) * z) / ((c + n) * (n + 1));
    term *= ratio;
    if (term === 0) break; // a or b is a non-positive integer: the series is a polynomial
    sum += term;
    const absTerm = Math.abs(term);
    if (absTerm > RESCALE_ABOVE) {
      term /= RESCALE_ABOVE;
      sum /= RESCALE_ABOVE;
      logScale += LOG_RESCALE;
    }
    // Past n = |a| + |b| + |c| the term ratio moves monotonically towards z, so the tail is bounded by a
    // geometric series with ratio max(|ratio|, z); stop when that bound is negligible against the sum.
    const absRatio = Math.abs(ratio);
    if (absRatio < 1 && n >= settledAfter) {
      const rho = Math.max(absRatio, z);
      if ((absTerm * rho) / (1 - rho) <= SERIES_EPSILON * Math.abs(sum)) return toSignedLog(sum, logScale);
    }
  }
  if (term === 0) return toSignedLog(sum, logScale);
  return { sign: 1, logAbs: Number.NaN };
}

function toSignedLog(value: number, logScale: number): SignedLog {
  if (value === 0) return { sign: 0, logAbs: Number.NEGATIVE_INFINITY };
  return { sign: value > 0 ? 1 : -1, logAbs: Math.log(Math.abs(value)) + logScale };
}

/**
 * 2F1(a, b; c; z) for real z < 1 as sign x exp(logAbs). logAbs is NaN when the value cannot be computed
 * reliably (pole in c, z >= 1, or no convergence); callers must check.
 */
export function hyp2f1SignedLog(a: number, b: number, c: number, z: number): SignedLog {
  if (![a, b, c, z].every(Number.isFinite) || z >= 1) return { sign: 1, logAbs: Number.NaN };
  if (z < 0) {
    // Pfaff: 2F1(a, b; c; z) = (1 - z)^(-a) 2F1(a, c - b; c; z / (z - 1)), with z / (z - 1) in (0, 1).
    // Of the two symmetric versions pick the one whose series parameters are smaller.
    const w = z / (z - 1);
    const log1mz = Math.log1p(-z);
    const [first, second] = Math.abs(a) + Math.abs(c - b) <= Math.abs(b) + Math.abs(c - a) ? [a, b] : [b, a];
    const inner = hyp2f1SignedLog(first, c - second, c, w);
    return { sign: inner.sign, logAbs: inner.logAbs - first * log1mz };
  }
  // Euler: 2F1(a, b; c; z) = (1 - z)^(c - a - b) 2F1(c - a, c - b; c; z). When a and b are large and c - a,
  // c - b are small (the BG/NBD and Pareto/NBD cases for frequent customers) the transformed series has
  // small, well-behaved terms instead of terms that grow to 1e300 before they decay.
  if (Math.abs(c - a) + Math.abs(c - b) < Math.abs(a) + Math.abs(b)) {
    const inner = gaussSeries(c - a, c - b, c, z);
    return { sign: inner.sign, logAbs: inner.logAbs + (c - a - b) * Math.log1p(-z) };
  }
  return gaussSeries(a, b, c, z);
}

/** 2F1(a, b; c; z) for real z < 1; throws rather than return NaN when it cannot be computed. */
export function hyp2f1(a: number, b: number, c: number, z: number): number {
  const { sign, logAbs } = hyp2f1SignedLog(a, b, c, z);
  if (Number.isNaN(logAbs)) {
    throw new RangeError(`hyp2f1(${a}, ${b}; ${c}; ${z}) cannot be computed (needs z < 1, c not a non-positive integer)`);
  }
  return sign * Math.exp(logAbs);
}

/** log 2F1(a, b; c; z) for a positive value (NaN if the value is not positive or cannot be computed). */
export function logHyp2f1(a: number, b: number, c: number, z: number): number {
  const { sign, logAbs } = hyp2f1SignedLog(a, b, c, z);
  return sign === 1 ? logAbs : Number.NaN;
}

const MAX_FRACTION_TERMS = 200_000;
const TINY = 1e-300;

/**
 * 2F1(1, b; c; z) for 0 <= b < c, c > 1 and 0 <= z < 1, where every series term is positive and below z^n,
 * so the value lies in [1, 1 / (1 - z)]. Gauss's continued fraction for 2F1(1, b; c; z) =
 * 2F1(0 + 1, b; c0 + 1; z) / 2F1(0, b; c0; z) with c0 = c - 1:
 *   1 / (1 + k1 z / (1 + k2 z / (1 + ...))),
 *   k(2i + 1) = -(c0 + i)(b + i) / ((c0 + 2i)(c0 + 2i + 1)),  k(2i) = (b - c0 - i) i / ((c0 + 2i - 1)(c0 + 2i)).
 * Returns NaN outside that domain or if the fraction does not settle.
 */
export function hyp2f1UnitA(b: number, c: number, z: number): number {
  if (!(b >= 0 && b < c && c > 1 && z >= 0 && z < 1)) return Number.NaN;
  if (z === 0 || b === 0) return 1;
  const c0 = c - 1;
  // Modified Lentz evaluation of g = 1 + k1 z / (1 + k2 z / (1 + ...)); the answer is 1 / g.
  let g = 1;
  let C = 1;
  let D = 0;
  for (let n = 1; n <= MAX_FRACTION_TERMS; n++) {
    const i = n >> 1;
    const k = n % 2 === 1
      ? (-(c0 + i) * (b + i)) / ((c0 + 2 * i) * (c0 + 2 * i + 1))
      : ((b - c0 - i) * i) / ((c0 + 2 * i - 1) * (c0 + 2 * i));
    const numerator = k * z;
    D = 1 + numerator * D;
    if (Math.abs(D) < TINY) D = TINY;
    D = 1 / D;
    C = 1 + numerator / C;
    if (Math.abs(C) < TINY) C = TINY;
    const delta = C * D;
    g *= delta;
    if (Math.abs(delta - 1) <= 1e-15) return 1 / g;
  }
  return Number.NaN;
}
