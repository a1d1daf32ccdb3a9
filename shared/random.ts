/**
 * Seeded random numbers for generated data (the demo, the benchmarks, the property tests) and for
 * sampling: the same seed always gives the same numbers on every engine. mulberry32 (Tommy Ettinger's
 * 32-bit generator) is small and fast; gamma variates use Marsaglia & Tsang (2000), "A simple method for
 * generating gamma variables". Not for secrets.
 */

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

export function randomInt(random: Random, minInclusive: number, maxInclusive: number): number {
  return minInclusive + Math.floor(random() * (maxInclusive - minInclusive + 1));
}

export function pick<T>(random: Random, items: readonly T[]): T {
  const item = items[Math.floor(random() * items.length)];
  if (item === undefined) throw new RangeError('pick from an empty list');
  return item;
}
