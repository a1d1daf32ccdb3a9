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

/** A source of uniform numbers in [0, 1). */
export type Random = () => number;

export function mulberry32(seed: number): Random {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Uniform in (0, 1): never 0, so logarithms of it are finite. */
function openUniform(random: Random): number {
  let u = random();
  while (u === 0) u = random();
  return u;
}

export function randomExponential(random: Random, rate: number): number {
  return -Math.log(openUniform(random)) / rate;
}

/** Standard normal by the Marsaglia polar method. */
export function randomNormal(random: Random): number {
  for (;;) {
    const u = 2 * random() - 1;
    const v = 2 * random() - 1;
    const s = u * u + v * v;
    if (s > 0 && s < 1) return u * Math.sqrt((-2 * Math.log(s)) / s);
  }
}

/** Gamma(shape, rate): mean shape / rate. */
export function randomGamma(random: Random, shape: number, rate: number): number {
  if (shape < 1) {
    // Gamma(k) = Gamma(k + 1) U^(1/k): Marsaglia & Tsang's boost for shapes below 1.
    return randomGamma(random, shape + 1, rate) * Math.pow(openUniform(random), 1 / shape);
  }
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    const x = randomNormal(random);
    const v = (1 + c * x) ** 3;
    if (v <= 0) continue;
    const u = openUniform(random);
    if (Math.log(u) < 0.5 * x * x + d - d * v + d * Math.log(v)) return (d * v) / rate;
  }
}

export function randomBeta(random: Random, a: number, b: number): number {
  const x = randomGamma(random, a, 1);
  const y = randomGamma(random, b, 1);
  return x / (x + y);
}

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
