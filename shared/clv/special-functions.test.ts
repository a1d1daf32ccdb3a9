import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { assertClose } from './testing/assertions.ts';
import { hyp2f1, hyp2f1UnitA, log1mExp, logAddExp, logBeta, logGamma, logGammaRatio, logHyp2f1, logSigmoidComplement } from './special-functions.ts';

const relativeClose = (actual: number, expected: number, tolerance: number, label: string) =>
  assertClose(actual, expected, tolerance * Math.max(1, Math.abs(expected)), label);

describe('logGamma (Lanczos)', () => {
  it('matches exact values: factorials, Gamma(1/2) = sqrt(pi), and the reflection range', () => {
    relativeClose(logGamma(1), 0, 1e-14, 'log Gamma(1)');
    relativeClose(logGamma(2), 0, 1e-14, 'log Gamma(2)');
    relativeClose(logGamma(10), Math.log(362880), 1e-14, 'log 9!');
    relativeClose(logGamma(0.5), 0.5 * Math.log(Math.PI), 1e-14, 'log sqrt(pi)');
    // Gamma(-1/2) = -2 sqrt(pi); logGamma returns log |Gamma|.
    relativeClose(logGamma(-0.5), Math.log(2 * Math.sqrt(Math.PI)), 1e-14, 'log |Gamma(-1/2)|');
    let logFactorial = 0;
    for (let k = 2; k <= 170; k++) logFactorial += Math.log(k);
    relativeClose(logGamma(171), logFactorial, 1e-13, 'log 170!');
  });

  it('satisfies Gamma(x + 1) = x Gamma(x) from tiny to large x', () => {
    for (const x of [1e-8, 1e-3, 0.3, 0.7, 1.5, 7.25, 42.5, 1e3, 1e6]) {
      relativeClose(logGamma(x + 1) - logGamma(x), Math.log(x), 1e-9, `recurrence at ${x}`);
    }
  });

  it('has poles at 0 and the negative integers', () => {
    assert.equal(logGamma(0), Number.POSITIVE_INFINITY);
    assert.equal(logGamma(-3), Number.POSITIVE_INFINITY);
  });
});

describe('logBeta', () => {
  it('B(a, b) = Gamma(a) Gamma(b) / Gamma(a + b): B(2, 3) = 1/12 and B(1/2, 1/2) = pi', () => {
    relativeClose(logBeta(2, 3), -Math.log(12), 1e-14, 'log B(2, 3)');
    relativeClose(logBeta(0.5, 0.5), Math.log(Math.PI), 1e-14, 'log B(1/2, 1/2)');
    // B(1, b) = 1 / b for any b, including where log Gamma is huge.
    for (const b of [12, 1e4, 1e9, 1e15]) relativeClose(logBeta(1, b), -Math.log(b), 1e-13, `log B(1, ${b})`);
    relativeClose(logBeta(20, 30), logGamma(20) + logGamma(30) - logGamma(50), 1e-13, 'log B(20, 30)');
  });

  it('keeps ratios of beta functions accurate at extreme arguments: B(a + 1, b) / B(a, b) = a / (a + b)', () => {
    // Three log Gammas of 1e13 lose about 0.1 in absolute terms; an optimiser exploited exactly that.
    for (const [a, b] of [[1e13, 3e-16], [1e6, 1e-6], [1e6, 0.5], [50, 1e-6], [1e9, 2.5]] as const) {
      assertClose(logBeta(a + 1, b) - logBeta(a, b), Math.log(a / (a + b)), 1e-13, `a ${a}, b ${b}`);
    }
  });

  it('logGammaRatio(r, x) = log(Gamma(r + x) / Gamma(r)) stays accurate for large r', () => {
    relativeClose(logGammaRatio(2.5, 3), Math.log(2.5 * 3.5 * 4.5), 1e-14, 'rising factorial');
    assert.equal(logGammaRatio(0.3, 0), 0);
    assertClose(logGammaRatio(1e12, 2), Math.log(1e12) + Math.log(1e12 + 1), 1e-12, 'r = 1e12');
  });
});

describe('hyp2f1', () => {
  it('matches closed forms (Abramowitz & Stegun 15.1)', () => {
    for (const z of [-5, -0.9, -0.3, 0.1, 0.5, 0.9, 0.99]) {
      // 2F1(1, 1; 2; z) = -log(1 - z) / z
      relativeClose(hyp2f1(1, 1, 2, z), -Math.log1p(-z) / z, 1e-13, `2F1(1, 1; 2; ${z})`);
      // 2F1(a, b; b; z) = (1 - z)^(-a)
      relativeClose(hyp2f1(2.5, 1.3, 1.3, z), (1 - z) ** -2.5, 1e-12, `2F1(2.5, 1.3; 1.3; ${z})`);
    }
    for (const x of [0.1, 0.5, 0.9]) {
      // 2F1(1/2, 1/2; 3/2; x^2) = arcsin(x) / x
      relativeClose(hyp2f1(0.5, 0.5, 1.5, x * x), Math.asin(x) / x, 1e-13, `2F1(1/2, 1/2; 3/2; ${x * x})`);
    }
  });

  it('is a polynomial when a is a non-positive integer: 2F1(-2, b; c; z) = 1 - 2bz/c + b(b+1)z^2/(c(c+1))', () => {
    const [b, c, z] = [1.7, 3.2, 0.6];
    relativeClose(hyp2f1(-2, b, c, z), 1 - (2 * b * z) / c + (b * (b + 1) * z * z) / (c * (c + 1)), 1e-14, 'polynomial');
  });

  it('stays finite in log space where the value itself overflows (frequent-customer parameters)', () => {
    // (1 - z)^(-a) with a = 600, z = 0.9: about 10^600.
    const logValue = logHyp2f1(600, 3.5, 3.5, 0.9);
    relativeClose(logValue, -600 * Math.log(0.1), 1e-12, 'log 2F1(600, 3.5; 3.5; 0.9)');
    assert.equal(hyp2f1(600, 3.5, 3.5, 0.9), Number.POSITIVE_INFINITY);
  });

  it('refuses arguments it cannot evaluate instead of returning NaN', () => {
    assert.throws(() => hyp2f1(1, 1, 2, 1), RangeError);
    assert.throws(() => hyp2f1(1, 1, -2, 0.5), RangeError);
    assert.ok(Number.isNaN(logHyp2f1(1, 1, 2, 1.5)));
  });
});

describe('hyp2f1UnitA (Gauss continued fraction for 2F1(1, b; c; z))', () => {
  it('agrees with the power series, including close to z = 1 where the series needs 10^5 terms', () => {
    for (const [b, c] of [[2.5, 10], [0.3, 1.2], [1.6, 2.2], [500, 503], [2.5, 503], [12, 12.5]] as const) {
      for (const z of [0, 0.1, 0.5, 0.9, 0.99, 0.9999]) {
        relativeClose(hyp2f1UnitA(b, c, z), hyp2f1(1, b, c, z), 1e-11, `2F1(1, ${b}; ${c}; ${z})`);
      }
    }
  });

  it('matches the closed form 2F1(1, 1; 2; z) = -log(1 - z) / z', () => {
    for (const z of [0.2, 0.7, 0.999]) relativeClose(hyp2f1UnitA(1, 2, z), -Math.log1p(-z) / z, 1e-13, `z = ${z}`);
  });

  it('returns NaN outside its domain instead of a wrong number', () => {
    assert.ok(Number.isNaN(hyp2f1UnitA(3, 2, 0.5))); // b >= c
    assert.ok(Number.isNaN(hyp2f1UnitA(0.5, 1, 0.5))); // c <= 1
    assert.ok(Number.isNaN(hyp2f1UnitA(1, 2, 1))); // z = 1
  });
});

describe('log-space helpers', () => {
  it('logAddExp adds huge and tiny terms without overflow', () => {
    relativeClose(logAddExp(1000, 1000), 1000 + Math.LN2, 1e-15, 'logAddExp(1000, 1000)');
    assert.equal(logAddExp(Number.NEGATIVE_INFINITY, -5), -5);
    relativeClose(logAddExp(-1000, 0), 0, 1e-15, 'logAddExp(-1000, 0)');
  });

  it('log1mExp is accurate near 0 and far below', () => {
    relativeClose(log1mExp(-1e-10), Math.log(1e-10), 1e-9, 'log1mExp(-1e-10)');
    relativeClose(log1mExp(-50), -Math.exp(-50), 1e-12, 'log1mExp(-50)');
    assert.equal(log1mExp(0), Number.NEGATIVE_INFINITY);
  });

  it('logSigmoidComplement(x) = -log(1 + e^x) for large positive and negative x', () => {
    relativeClose(logSigmoidComplement(800), -800, 1e-15, 'x = 800');
    relativeClose(logSigmoidComplement(-800), 0, 1e-15, 'x = -800');
    relativeClose(logSigmoidComplement(0), -Math.LN2, 1e-15, 'x = 0');
  });
});
