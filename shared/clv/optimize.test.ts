import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { minimizePositive, nelderMead, OptimizationError } from './optimize.ts';
import { assertClose } from './testing/assertions.ts';

describe('nelderMead', () => {
  it('finds the minimum of the Rosenbrock valley at (1, 1) and reports convergence', () => {
    const rosenbrock = ([x = 0, y = 0]: readonly number[]) => 100 * (y - x * x) ** 2 + (1 - x) ** 2;
    const result = nelderMead(rosenbrock, [-1.2, 1]);
    assert.equal(result.converged, true);
    assertClose(result.x[0] ?? Number.NaN, 1, 1e-6, 'x');
    assertClose(result.x[1] ?? Number.NaN, 1, 1e-6, 'y');
    assert.ok(result.value < 1e-12);
    assert.ok(result.iterations > 0);
  });

  it('reports non-convergence when the iteration budget runs out', () => {
    const result = nelderMead(([x = 0, y = 0]) => (x - 3) ** 2 + (y + 2) ** 2, [0, 0], { maxIterations: 3, maxRestarts: 0 });
    assert.equal(result.converged, false);
    assert.ok(Number.isFinite(result.value));
  });

  it('reports convergence of a single run when restarts are switched off', () => {
    const result = nelderMead(([x = 0]) => (x - 3) ** 2, [0], { maxRestarts: 0 });
    assert.equal(result.converged, true);
    assertClose(result.x[0] ?? Number.NaN, 3, 1e-6, 'x');
  });

  it('walks away from a region where the objective is NaN and returns a finite optimum', () => {
    // Undefined above x = 2; the constrained minimum of (x - 3)^2 is at the edge.
    const result = nelderMead(([x = 0]) => (x > 2 ? Number.NaN : (x - 3) ** 2), [0]);
    assert.ok(Number.isFinite(result.value));
    assert.ok((result.x[0] ?? Number.NaN) <= 2);
    assertClose(result.x[0] ?? Number.NaN, 2, 1e-6, 'x');
  });

  it('throws instead of starting from a point where the objective is not finite', () => {
    assert.throws(() => nelderMead(() => Number.NaN, [1, 2]), OptimizationError);
    assert.throws(() => nelderMead(() => 0, [Number.NaN]), RangeError);
  });
});

describe('minimizePositive', () => {
  it('keeps parameters positive and finds an optimum near zero on the log scale', () => {
    // Minimum at (0.001, 250): six orders of magnitude apart, as BTYD scale parameters can be.
    const objective = ([a = 1, b = 1]: readonly number[]) => Math.log(a / 0.001) ** 2 + Math.log(b / 250) ** 2;
    const result = minimizePositive(objective, [1, 1]);
    assert.equal(result.converged, true);
    assertClose(result.x[0] ?? Number.NaN, 0.001, 1e-8, 'a');
    assertClose(result.x[1] ?? Number.NaN, 250, 1e-5, 'b');
  });

  it('refuses non-positive starting values', () => {
    assert.throws(() => minimizePositive(() => 0, [1, 0]), RangeError);
    assert.throws(() => minimizePositive(() => 0, [-1]), RangeError);
  });

  it('throws rather than return a parameter that ran off to infinity', () => {
    // Decreases forever as x grows: there is no optimum, and exp(log x) eventually overflows.
    assert.throws(() => minimizePositive(([x = 1]) => -Math.log(x), [1], { maxIterations: 100_000 }), OptimizationError);
  });
});
