/**
 * Asymptotic standard errors of maximum-likelihood estimates from the observed information (the negative
 * Hessian of the log-likelihood, by central differences), for the parameter-recovery tests: a recovery
 * tolerance stated in standard errors holds for any sample size, where a bare percentage would be either
 * loose for well-identified parameters or flaky for poorly identified ones.
 */

export function standardErrors(logLikelihood: (theta: number[]) => number, estimate: readonly number[]): number[] {
  const n = estimate.length;
  const h = estimate.map((v) => 1e-4 * Math.max(Math.abs(v), 1e-3));
  const at = (i: number, di: number, j: number, dj: number): number => {
    const theta = [...estimate];
    theta[i] = (theta[i] ?? 0) + di * (h[i] ?? 0);
    theta[j] = (theta[j] ?? 0) + dj * (h[j] ?? 0);
    return logLikelihood(theta);
  };
  // information = -Hessian
  const information = Array.from({ length: n }, (_, i) =>
    Array.from({ length: n }, (_, j) =>
      -(at(i, 1, j, 1) - at(i, 1, j, -1) - at(i, -1, j, 1) + at(i, -1, j, -1)) / (4 * (h[i] ?? 1) * (h[j] ?? 1))));
  const covariance = invert(information);
  return covariance.map((row, i) => Math.sqrt(row[i] ?? Number.NaN));
}

/** Gauss-Jordan inversion with partial pivoting (the matrices here are 2x2 to 4x4). */
function invert(matrix: number[][]): number[][] {
  const n = matrix.length;
  const a = matrix.map((row) => [...row]);
  const inverse: number[][] = matrix.map((_, i) => matrix.map((__, j) => (i === j ? 1 : 0)));
  for (let col = 0; col < n; col++) {
    let pivot = col;
    for (let row = col + 1; row < n; row++) {
      if (Math.abs(a[row]?.[col] ?? 0) > Math.abs(a[pivot]?.[col] ?? 0)) pivot = row;
    }
    [a[col], a[pivot]] = [a[pivot] ?? [], a[col] ?? []];
    [inverse[col], inverse[pivot]] = [inverse[pivot] ?? [], inverse[col] ?? []];
    const pivotRow = a[col] ?? [];
    const pivotInverse = inverse[col] ?? [];
    const d = pivotRow[col] ?? Number.NaN;
    for (let k = 0; k < n; k++) {
      pivotRow[k] = (pivotRow[k] ?? 0) / d;
      pivotInverse[k] = (pivotInverse[k] ?? 0) / d;
    }
    for (let row = 0; row < n; row++) {
      if (row === col) continue;
      const factor = a[row]?.[col] ?? 0;
      const target = a[row] ?? [];
      const targetInverse = inverse[row] ?? [];
      for (let k = 0; k < n; k++) {
        target[k] = (target[k] ?? 0) - factor * (pivotRow[k] ?? 0);
        targetInverse[k] = (targetInverse[k] ?? 0) - factor * (pivotInverse[k] ?? 0);
      }
    }
  }
  return inverse;
}
