/** Comparisons with published figures, written the way the figures were published. */

import assert from 'node:assert/strict';

/**
 * Asserts that `actual` agrees with `published` to `digits` significant figures: within half a unit of the
 * last of those figures of the published value (0.243 to 3 figures: within 0.0005). Comparing the two
 * numbers each rounded would fail on a rounding boundary (6.2488 and 6.25 round to 6.2 and 6.3).
 */
export function assertSignificantFigures(actual: number, published: number, digits: number, label: string): void {
  assert.ok(Number.isFinite(actual), `${label}: got ${actual}`);
  const unit = 10 ** (Math.floor(Math.log10(Math.abs(published))) - digits + 1);
  assertClose(actual, published, unit / 2, `${label} (${digits} significant figures)`);
}

/** Asserts |actual - expected| <= tolerance, with a message naming the quantity. */
export function assertClose(actual: number, expected: number, tolerance: number, label: string): void {
  assert.ok(
    Math.abs(actual - expected) <= tolerance,
    `${label}: got ${actual}, expected ${expected} +- ${tolerance} (off by ${Math.abs(actual - expected)})`,
  );
}
