import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fitParetoNbd, paretoNbdLogLikelihood, paretoNbdProbabilityAlive, type ParetoNbdParams } from './pareto-nbd.ts';
import { logGamma } from './special-functions.ts';
import { assertClose, assertSignificantFigures } from './testing/assertions.ts';
import { loadCdnowSummary } from './testing/cdnow.ts';
import { standardErrors } from './testing/information.ts';
import { mulberry32, simulateParetoNbd } from './testing/simulate.ts';

// Pareto/NBD on the 2,357 CDNOW customers, as published alongside Fader, Hardie & Lee (2005).
const PUBLISHED = { r: 0.553, alpha: 10.578, s: 0.606, beta: 11.669, logLikelihood: -9595.0 } as const;
const cdnow = loadCdnowSummary();

/**
 * The likelihood from its definition, independent of the 2F1 closed form (Fader & Hardie 2005, "A Note on
 * Deriving the Pareto/NBD Model"): the customer is either still active at T, or died unseen at some
 * y in (t_x, T), which integrates to
 *   Gamma(r + x) alpha^r beta^s / Gamma(r) [ (alpha + T)^-(r + x) (beta + T)^-s
 *     + s * integral_{t_x}^{T} (alpha + y)^-(r + x) (beta + y)^-(s + 1) dy ].
 * The integral is done by composite Simpson on a log-scaled integrand.
 */
function logLikelihoodByQuadrature({ r, alpha, s, beta }: ParetoNbdParams, x: number, tx: number, T: number): number {
  const logIntegrand = (y: number) => -(r + x) * Math.log(alpha + y) - (s + 1) * Math.log(beta + y);
  const panels = 20_000;
  const h = (T - tx) / panels;
  const scale = logIntegrand(tx); // the integrand decreases, so this is its maximum
  let sum = 0;
  for (let i = 0; i <= panels; i++) {
    const weight = i === 0 || i === panels ? 1 : i % 2 === 1 ? 4 : 2;
    sum += weight * Math.exp(logIntegrand(tx + i * h) - scale);
  }
  const integral = T > tx ? (sum * h) / 3 : 0;
  const alive = Math.exp(-(r + x) * Math.log(alpha + T) - s * Math.log(beta + T) - scale);
  return logGamma(r + x) - logGamma(r) + r * Math.log(alpha) + s * Math.log(beta) + scale + Math.log(alive + s * integral);
}

describe('Pareto/NBD on CDNOW', () => {
  const fit = fitParetoNbd(cdnow);

  it('reproduces the published r, alpha, s, beta to 3 significant figures and the log-likelihood to 0.1', () => {
    assert.equal(fit.converged, true);
    assertSignificantFigures(fit.r, PUBLISHED.r, 3, 'r');
    assertSignificantFigures(fit.alpha, PUBLISHED.alpha, 3, 'alpha');
    assertSignificantFigures(fit.s, PUBLISHED.s, 3, 's');
    assertSignificantFigures(fit.beta, PUBLISHED.beta, 3, 'beta');
    assertClose(fit.logLikelihood, PUBLISHED.logLikelihood, 0.1, 'log-likelihood');
  });

  it('gives the BTYD walkthrough customer (x = 26, t_x = 30.86, T = 31) P(alive) = 0.9979', () => {
    // R package BTYD, "Buy 'Til You Die - A Walkthrough" (Dziurzynski, Wadsworth & McCarthy), page 8, with
    // its fitted parameters; lifetimes checks the same number.
    const btyd = { r: 0.5534, alpha: 10.5802, s: 0.6061, beta: 11.6562 };
    assertClose(paretoNbdProbabilityAlive(btyd, { frequency: 26, recency: 30.86, T: 31 }), 0.9979, 0.00005, 'P(alive)');
  });
});

describe('Pareto/NBD likelihood', () => {
  it('equals the likelihood integrated numerically from its definition, for alpha above and below beta', () => {
    const cases: Array<[ParetoNbdParams, number, number, number]> = [
      [PUBLISHED, 2, 30.43, 38.86],
      [PUBLISHED, 0, 0, 38.86],
      [{ r: 0.5, alpha: 3, s: 0.7, beta: 40 }, 5, 10, 52],
      [{ r: 2, alpha: 60, s: 1.5, beta: 2 }, 12, 40, 52],
      [{ r: 0.2, alpha: 0.5, s: 0.3, beta: 500 }, 0, 0, 100],
      [{ r: 1.3, alpha: 8, s: 0.9, beta: 8 }, 3, 1, 20],
    ];
    for (const [params, x, tx, T] of cases) {
      assertClose(
        paretoNbdLogLikelihood(params, [{ frequency: x, recency: tx, T }]),
        logLikelihoodByQuadrature(params, x, tx, T),
        1e-8,
        `log L at ${JSON.stringify(params)}, x ${x}, t_x ${tx}, T ${T}`,
      );
    }
  });

  it('P(alive) is 1 for a customer observed up to her last purchase (no time to have left unseen)', () => {
    assert.equal(paretoNbdProbabilityAlive(PUBLISHED, { frequency: 4, recency: 20, T: 20 }), 1);
  });

  it('P(alive) is in [0, 1] and falls as a customer stays silent longer, with or without repeat purchases', () => {
    for (const x of [0, 1, 5, 20, 100]) {
      for (const tx of x === 0 ? [0] : [0.5, 10, 38]) {
        let previous = 1;
        for (const T of [tx, tx + 1, tx + 5, tx + 20, tx + 100, tx + 1000]) {
          const p = paretoNbdProbabilityAlive(PUBLISHED, { frequency: x, recency: tx, T });
          assert.ok(p >= 0 && p <= 1, `P(alive) = ${p} for x ${x}, t_x ${tx}, T ${T}`);
          assert.ok(p <= previous + 1e-15, `P(alive) rose from ${previous} to ${p} at x ${x}, t_x ${tx}, T ${T}`);
          previous = p;
        }
      }
    }
  });

  it('stays finite for extreme customers, where a naive 2F1 overflows', () => {
    // The first parameter set is lifetimes' overflow regression case (alpha tiny, so alpha < beta and the
    // series parameter r + x is large); frequency 500 and T 5000 push both regimes further.
    const parameterSets: ParetoNbdParams[] = [
      { r: 10.465, alpha: 7.98565181e-3, s: 3.0516, beta: 2.82 },
      PUBLISHED,
      { r: 0.5, alpha: 200, s: 0.6, beta: 0.05 },
    ];
    const rows = [
      { frequency: 400, recency: 5, T: 6 },
      { frequency: 500, recency: 1, T: 37 },
      { frequency: 500, recency: 4, T: 37 },
      { frequency: 500, recency: 100, T: 5000 },
      { frequency: 500, recency: 4990, T: 5000 },
      { frequency: 0, recency: 0, T: 5000 },
      { frequency: 5000, recency: 5000, T: 5000 },
    ];
    for (const params of parameterSets) {
      for (const row of rows) {
        const logL = paretoNbdLogLikelihood(params, [row]);
        const p = paretoNbdProbabilityAlive(params, row);
        // A density of purchase times, not a probability: with hundreds of purchases at high rates it can
        // exceed 1, so only finiteness is asserted.
        assert.ok(Number.isFinite(logL), `log L = ${logL} for ${JSON.stringify({ params, row })}`);
        assert.ok(p >= 0 && p <= 1, `P(alive) = ${p} for ${JSON.stringify({ params, row })}`);
      }
    }
  });

  it('a weighted row counts as that many identical customers', () => {
    const row = { frequency: 3, recency: 20, T: 30 };
    assertClose(
      paretoNbdLogLikelihood(PUBLISHED, [{ ...row, weight: 4 }]),
      4 * paretoNbdLogLikelihood(PUBLISHED, [row]),
      1e-9,
      'log-likelihood',
    );
  });
});

describe('Pareto/NBD parameter recovery on 10,000 simulated customers', () => {
  // Fewer customers than the BG/NBD check because each likelihood evaluation sums two continued fractions
  // per customer; 10,000 keeps the fit to a few seconds. A purchase every 6 weeks on average (r / alpha),
  // a mean lifetime of beta / (s - 1) = 80 weeks, customers observed for 78 to 104 weeks. Tolerance: the
  // asymptotic standard errors here are about 2.6% (r), 2.7% (alpha), 5.3% (s) and 7.7% (beta); 4 SE is
  // exceeded by a correct fit with probability < 1e-4 per parameter. r / alpha is far better determined
  // (errors of r and alpha are strongly correlated), so it gets a flat 3%.
  const truth: ParetoNbdParams = { r: 1, alpha: 6, s: 1.5, beta: 40 };
  const customers = simulateParetoNbd(truth, 10_000, (random) => Math.floor((78 + 26 * random()) * 7) / 7, mulberry32(7));
  const fit = fitParetoNbd(customers);
  const estimate = [fit.r, fit.alpha, fit.s, fit.beta];
  const se = standardErrors(
    ([r = 1, alpha = 1, s = 1, beta = 1]) => paretoNbdLogLikelihood({ r, alpha, s, beta }, customers),
    estimate,
  );

  it('recovers each parameter within 4 standard errors and the mean purchase rate within 3%', () => {
    assert.equal(fit.converged, true);
    (['r', 'alpha', 's', 'beta'] as const).forEach((name, i) => {
      const value = estimate[i] ?? Number.NaN;
      assert.ok(Math.abs(value - truth[name]) <= 4 * (se[i] ?? 0), `${name} = ${value}, truth ${truth[name]}, SE ${se[i]}`);
    });
    assertClose(fit.r / fit.alpha, truth.r / truth.alpha, 0.03 * (truth.r / truth.alpha), 'r / alpha');
  });
});
