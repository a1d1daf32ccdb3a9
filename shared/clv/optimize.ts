/**
 * The optimiser behind every model fit: Nelder & Mead (1965), "A simplex method for function
 * minimization", with the standard coefficients (reflection 1, expansion 2, contraction 1/2, shrink 1/2)
 * and restarts from the best point, as recommended after the convergence failures that Lagarias, Reeds,
 * Wright & Wright (1998) describe for the plain method.
 *
 * `minimizePositive` runs it on log-parameters, so every model parameter stays strictly positive without
 * bounds or penalties, and a step towards 0 or infinity costs as much as any other. Derivative-free on
 * purpose: the likelihoods involve special functions whose derivatives we would otherwise have to write
 * and test too, and the problems have at most four parameters.
 */

export interface MinimizeOptions {
  /** Initial simplex edge. For `minimizePositive` it is in log space (0.5 moves a parameter by x1.65). */
  step?: number;
  /** Nelder-Mead iterations allowed in one run (a restart starts a new run). */
  maxIterations?: number;
  /** Converged when the simplex's values differ by at most fTolerance x (1 + |best value|)... */
  fTolerance?: number;
  /** ...and its vertices by at most xTolerance in every coordinate (log space for `minimizePositive`). */
  xTolerance?: number;
  /** Restarts from the best point after a run converges, to escape a collapsed simplex. */
  maxRestarts?: number;
}

export interface MinimizeResult {
  /** The minimiser (the positive parameters themselves for `minimizePositive`). */
  x: number[];
  /** The objective there, always finite. */
  value: number;
  /** Nelder-Mead iterations over all runs. */
  iterations: number;
  /** True when the last run met both tolerances and a restart no longer improved the value. */
  converged: boolean;
}

const DEFAULTS = {
  step: 0.5,
  maxIterations: 5000,
  fTolerance: 1e-12,
  xTolerance: 1e-9,
  maxRestarts: 10,
} as const;

const LOG_BOUNDARY = 100 * Math.LN10;

export class OptimizationError extends Error {
  override name = 'OptimizationError';
}

/**
 * Minimises `objective` over R^n. Non-finite values (NaN, +-Infinity) during the search are treated as
 * +Infinity, so the simplex walks away from regions where a likelihood cannot be evaluated; the result is
 * checked to be finite and an `OptimizationError` is thrown otherwise, so a fit never returns NaN.
 */
export function nelderMead(
  objective: (x: readonly number[]) => number,
  initial: readonly number[],
  options: MinimizeOptions = {},
): MinimizeResult {
  const settings = { ...DEFAULTS, ...options };
  const n = initial.length;
  if (n === 0) throw new RangeError('nelderMead needs at least one parameter');
  if (!initial.every(Number.isFinite)) throw new RangeError(`initial point must be finite, got [${initial.join(', ')}]`);

  const evaluate = (x: readonly number[]): number => {
    const value = objective(x);
    return Number.isFinite(value) ? value : Number.POSITIVE_INFINITY;
  };

  let best = [...initial];
  let bestValue = evaluate(best);
  if (bestValue === Number.POSITIVE_INFINITY) {
    throw new OptimizationError(`objective is not finite at the initial point [${initial.join(', ')}]`);
  }

  let iterations = 0;
  let converged = false;
  for (let run = 0; run <= settings.maxRestarts; run++) {
    const outcome = runSimplex(evaluate, best, bestValue, settings);
    iterations += outcome.iterations;
    const improvement = bestValue - outcome.value;
    const moved = outcome.x.some((xi, i) => Math.abs(xi - (best[i] ?? xi)) > settings.xTolerance);
    if (outcome.value <= bestValue) {
      best = outcome.x;
      bestValue = outcome.value;
    }
    // A restart that neither improves the value beyond the tolerance nor moves the point confirms the
    // optimum, so the first run gets a confirming restart unless restarts are switched off.
    const confirmed = run > 0 && improvement <= settings.fTolerance * (1 + Math.abs(bestValue)) && !moved;
    if (outcome.converged && (confirmed || settings.maxRestarts === 0)) {
      converged = true;
      break;
    }
  }

  if (!Number.isFinite(bestValue) || !best.every(Number.isFinite)) {
    throw new OptimizationError(`objective is not finite at the optimum [${best.join(', ')}]`);
  }
  return { x: best, value: bestValue, iterations, converged };
}

/**
 * Minimises `objective` over positive parameters by running Nelder-Mead on their logarithms. `initial`
 * must be positive; the returned `x` is positive.
 *
 * When the data sit at a limit of a model (no repeat buyers, one price paid by everyone, nobody churning)
 * the likelihood's supremum is approached as parameters run towards 0 or infinity; the walk stops where
 * the objective stops changing, which gives parameters far out (1e8, 1e-20) but predictions close to the
 * limiting model's. Past 1e100 or below 1e-100 the result is refused with an OptimizationError.
 */
export function minimizePositive(
  objective: (x: readonly number[]) => number,
  initial: readonly number[],
  options: MinimizeOptions = {},
): MinimizeResult {
  if (!initial.every((v) => Number.isFinite(v) && v > 0)) {
    throw new RangeError(`initial parameters must be positive and finite, got [${initial.join(', ')}]`);
  }
  const inLogSpace = (logX: readonly number[]): number => objective(logX.map(Math.exp));
  const result = nelderMead(inLogSpace, initial.map(Math.log), options);
  // A parameter beyond 1e100 or below 1e-100 means the objective kept improving towards 0 or infinity:
  // there is no interior optimum (for a likelihood, the data do not identify the model), and the number
  // found is wherever floating point stopped the walk, so it is refused rather than reported.
  if (result.x.some((logV) => !(Math.abs(logV) <= LOG_BOUNDARY))) {
    throw new OptimizationError(
      `no interior optimum: a parameter ran off towards 0 or infinity ([${result.x.map(Math.exp).join(', ')}])`,
    );
  }
  return { ...result, x: result.x.map(Math.exp) };
}

interface RunOutcome {
  x: number[];
  value: number;
  iterations: number;
  converged: boolean;
}

function runSimplex(
  evaluate: (x: readonly number[]) => number,
  start: readonly number[],
  startValue: number,
  settings: Required<MinimizeOptions>,
): RunOutcome {
  const n = start.length;
  // The initial simplex: the start and one vertex along each axis.
  const vertices: number[][] = [[...start]];
  const values: number[] = [startValue];
  for (let i = 0; i < n; i++) {
    const vertex = [...start];
    vertex[i] = (vertex[i] ?? 0) + settings.step;
    vertices.push(vertex);
    values.push(evaluate(vertex));
  }

  const order = Array.from({ length: n + 1 }, (_, i) => i);
  let iterations = 0;
  let converged = false;
  while (iterations < settings.maxIterations) {
    order.sort((i, j) => (values[i] ?? 0) - (values[j] ?? 0));
    const bestIndex = order[0] ?? 0;
    const worstIndex = order[n] ?? 0;
    const secondWorstIndex = order[n - 1] ?? 0;
    const bestVertex = vertices[bestIndex] ?? [];
    const bestValue = values[bestIndex] ?? Number.POSITIVE_INFINITY;
    const worstValue = values[worstIndex] ?? Number.POSITIVE_INFINITY;

    const fSpread = worstValue - bestValue;
    let xSpread = 0;
    for (const vertex of vertices) {
      for (let k = 0; k < n; k++) xSpread = Math.max(xSpread, Math.abs((vertex[k] ?? 0) - (bestVertex[k] ?? 0)));
    }
    if (fSpread <= settings.fTolerance * (1 + Math.abs(bestValue)) && xSpread <= settings.xTolerance) {
      converged = true;
      break;
    }
    iterations++;

    const centroid = new Array<number>(n).fill(0);
    for (const index of order.slice(0, n)) {
      const vertex = vertices[index] ?? [];
      for (let k = 0; k < n; k++) centroid[k] = (centroid[k] ?? 0) + (vertex[k] ?? 0) / n;
    }
    const worst = vertices[worstIndex] ?? [];
    const along = (t: number): number[] => centroid.map((c, k) => c + t * (c - (worst[k] ?? 0)));

    const reflected = along(1);
    const reflectedValue = evaluate(reflected);
    if (reflectedValue < bestValue) {
      const expanded = along(2);
      const expandedValue = evaluate(expanded);
      if (expandedValue < reflectedValue) replace(worstIndex, expanded, expandedValue);
      else replace(worstIndex, reflected, reflectedValue);
      continue;
    }
    if (reflectedValue < (values[secondWorstIndex] ?? Number.POSITIVE_INFINITY)) {
      replace(worstIndex, reflected, reflectedValue);
      continue;
    }
    // Contract: outside if the reflection helped a little, inside otherwise.
    const outside = reflectedValue < worstValue;
    const contracted = along(outside ? 0.5 : -0.5);
    const contractedValue = evaluate(contracted);
    if (contractedValue < (outside ? reflectedValue : worstValue)) {
      replace(worstIndex, contracted, contractedValue);
      continue;
    }
    // Shrink every vertex towards the best one.
    for (const index of order.slice(1)) {
      const vertex = vertices[index] ?? [];
      const shrunk = vertex.map((v, k) => (bestVertex[k] ?? 0) + 0.5 * (v - (bestVertex[k] ?? 0)));
      replace(index, shrunk, evaluate(shrunk));
    }
  }

  let bestIndex = 0;
  for (let i = 1; i <= n; i++) if ((values[i] ?? Infinity) < (values[bestIndex] ?? Infinity)) bestIndex = i;
  return {
    x: [...(vertices[bestIndex] ?? start)],
    value: values[bestIndex] ?? startValue,
    iterations,
    converged,
  };

  function replace(index: number, vertex: number[], value: number): void {
    vertices[index] = vertex;
    values[index] = value;
  }
}
