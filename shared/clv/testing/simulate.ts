/**
 * Seeded simulators for the property tests: customers drawn from the BG/NBD (Fader, Hardie & Lee 2005)
 * and Pareto/NBD (Schmittlein, Morrison & Colombo 1987) processes, and spend from the gamma-gamma model
 * (Fader & Hardie 2013). Random numbers come from mulberry32 (Tommy Ettinger's 32-bit generator), which is
 * small, fast and reproducible across engines; gamma variates use Marsaglia & Tsang (2000), "A simple
 * method for generating gamma variables". Not for production use: the server never simulates.
 */

import type { BgNbdParams, RfmRow } from '../bg-nbd.ts';
import type { GammaGammaParams } from '../gamma-gamma.ts';
import type { ParetoNbdParams } from '../pareto-nbd.ts';
import { randomBeta, randomExponential, randomGamma, type Random } from '../../random.ts';

export { mulberry32, type Random } from '../../random.ts';

export interface SimulatedCustomer extends RfmRow {
  /** Ages of the repeat purchases, in periods (the first purchase, at age 0, is not listed). */
  purchaseAges: number[];
}

/**
 * BG/NBD customers: lambda ~ Gamma(r, alpha), p ~ Beta(a, b); purchases at rate lambda from age 0; after each
 * repeat purchase the customer drops out with probability p. `observedFor(random)` draws each customer's T.
 */
export function simulateBgNbd(
  { r, alpha, a, b }: BgNbdParams,
  customers: number,
  observedFor: (random: Random) => number,
  random: Random,
): SimulatedCustomer[] {
  const out: SimulatedCustomer[] = [];
  for (let i = 0; i < customers; i++) {
    const T = observedFor(random);
    const lambda = randomGamma(random, r, alpha);
    const p = randomBeta(random, a, b);
    const purchaseAges: number[] = [];
    let age = 0;
    for (;;) {
      age += randomExponential(random, lambda);
      if (age > T) break;
      purchaseAges.push(age);
      if (random() < p) break;
    }
    out.push(toRow(purchaseAges, T));
  }
  return out;
}

/** Pareto/NBD customers: lambda ~ Gamma(r, alpha), lifetime ~ Exponential(mu), mu ~ Gamma(s, beta). */
export function simulateParetoNbd(
  { r, alpha, s, beta }: ParetoNbdParams,
  customers: number,
  observedFor: (random: Random) => number,
  random: Random,
): SimulatedCustomer[] {
  const out: SimulatedCustomer[] = [];
  for (let i = 0; i < customers; i++) {
    const T = observedFor(random);
    const lambda = randomGamma(random, r, alpha);
    const lifetime = randomExponential(random, randomGamma(random, s, beta));
    const horizon = Math.min(T, lifetime);
    const purchaseAges: number[] = [];
    for (let age = randomExponential(random, lambda); age <= horizon; age += randomExponential(random, lambda)) {
      purchaseAges.push(age);
    }
    out.push(toRow(purchaseAges, T));
  }
  return out;
}

function toRow(purchaseAges: number[], T: number): SimulatedCustomer {
  const frequency = purchaseAges.length;
  return { frequency, recency: frequency > 0 ? (purchaseAges[frequency - 1] ?? 0) : 0, T, purchaseAges };
}

/**
 * Gamma-gamma spend: per customer nu ~ Gamma(q, gamma), each of her `frequency` repeat transactions
 * z ~ Gamma(p, nu); returns each customer's mean repeat-transaction value (0 for frequency 0).
 */
export function simulateGammaGammaMeans(
  { p, q, gamma }: GammaGammaParams,
  frequencies: readonly number[],
  random: Random,
): number[] {
  return frequencies.map((x) => {
    if (x === 0) return 0;
    const nu = randomGamma(random, q, gamma);
    let total = 0;
    for (let j = 0; j < x; j++) total += randomGamma(random, p, nu);
    return total / x;
  });
}
