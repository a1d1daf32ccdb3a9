import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  fitShiftedBetaGeometric,
  fitShiftedBetaGeometricLifetimes,
  sbgExpectedDiscountedPayments,
  sbgLifetimeLogLikelihood,
  sbgDiscountedExpectedResidualLifetime,
  sbgLogLikelihood,
  sbgRetentionRate,
  sbgSurvival,
  type SbgParams,
} from './sbg.ts';
import { assertClose, assertSignificantFigures } from './testing/assertions.ts';

// Fader & Hardie (2007), "How to Project Customer Retention": customers surviving per 1,000, years 0 to 12.
const REGULAR = [1000, 631, 468, 382, 326, 289, 262, 241, 223, 207, 194, 183, 173];
const HIGH_END = [1000, 869, 743, 653, 593, 551, 517, 491, 468, 445, 427, 409, 394];

describe('sBG on the Fader & Hardie (2007) cohorts, fitted on years 1 to 7', () => {
  const cases = [
    { name: 'regular', data: REGULAR, alpha: 0.704, beta: 1.182 },
    { name: 'high end', data: HIGH_END, alpha: 0.668, beta: 3.806 },
  ];
  for (const { name, data, alpha, beta } of cases) {
    const fit = fitShiftedBetaGeometric(data.slice(0, 8));

    it(`reproduces the published alpha = ${alpha}, beta = ${beta} for the ${name} cohort to 3 significant figures`, () => {
      assert.equal(fit.converged, true);
      assertSignificantFigures(fit.alpha, alpha, 3, 'alpha');
      assertSignificantFigures(fit.beta, beta, 3, 'beta');
    });

    it(`projects the held-out years 8 to 12 of the ${name} cohort within 5%`, () => {
      // The paper's point: two parameters fitted on 7 years track the next 5. Our projections are 1-2%
      // (regular) and 2-4% (high end) below the published survivors.
      for (let t = 8; t <= 12; t++) {
        const actual = data[t] ?? Number.NaN;
        assertClose(1000 * sbgSurvival(fit, t), actual, 0.05 * actual, `year ${t}`);
      }
    });
  }

  it('gives the same estimates from counts and from survivors per 1,000', () => {
    const perThousand = fitShiftedBetaGeometric(REGULAR.slice(0, 8));
    const counts = fitShiftedBetaGeometric(REGULAR.slice(0, 8).map((v) => v * 7));
    assertClose(counts.alpha, perThousand.alpha, 1e-6, 'alpha');
    assertClose(counts.beta, perThousand.beta, 1e-6, 'beta');
  });

  it('never reports a positive log-likelihood, even where the fit runs to a limit (everyone leaves at once)', () => {
    // A sum of log-probabilities: before the integer offsets and large-argument beta functions were made
    // exact this came out as +40.5 for [100, 0].
    for (const alive of [[100, 0], [100, 100, 100], [1000, 631, 468]]) {
      const fit = fitShiftedBetaGeometric(alive);
      assert.ok(fit.logLikelihood <= 0, `log L = ${fit.logLikelihood} for ${alive.join(', ')}`);
    }
    assertClose(sbgLogLikelihood({ alpha: 1e6, beta: 1e-6 }, [100, 0]), 100 * Math.log(1e6 / (1e6 + 1e-6)), 1e-12, 'log L');
  });

  it('refuses a cohort that grows or has no members', () => {
    assert.throws(() => fitShiftedBetaGeometric([100, 80, 90]), RangeError);
    assert.throws(() => fitShiftedBetaGeometric([0, 0]), RangeError);
    assert.throws(() => fitShiftedBetaGeometric([100]), RangeError);
  });
});

describe('sBG survival and retention', () => {
  const params: SbgParams = { alpha: 0.704, beta: 1.182 };

  it('S(0) = 1, S(1) = beta / (alpha + beta), and S(t) is the product of the retention rates', () => {
    assertClose(sbgSurvival(params, 0), 1, 1e-15, 'S(0)');
    assertClose(sbgSurvival(params, 1), params.beta / (params.alpha + params.beta), 1e-14, 'S(1)');
    let product = 1;
    for (let t = 1; t <= 30; t++) {
      product *= sbgRetentionRate(params, t);
      assertClose(sbgSurvival(params, t), product, 1e-12, `S(${t})`);
    }
  });

  it('retention rises with tenure: the customers likeliest to cancel leave first', () => {
    for (let t = 1; t < 20; t++) assert.ok(sbgRetentionRate(params, t + 1) > sbgRetentionRate(params, t));
  });
});

describe('sBG discounted expected residual lifetime (Fader & Hardie 2010)', () => {
  /** sum over t >= n of S(t) / S(n - 1) / (1 + d)^(t - n), n = periodsSurvived + 1, summed until negligible. */
  function derlBySummation(params: SbgParams, periodsSurvived: number, discountRate: number): number {
    const n = periodsSurvived + 1;
    const alive = sbgSurvival(params, n - 1);
    let total = 0;
    for (let t = n; ; t++) {
      const term = sbgSurvival(params, t) / alive / (1 + discountRate) ** (t - n);
      total += term;
      if (term < 1e-16 * total) return total;
    }
  }

  it('equals the discounted sum of survival probabilities it is defined by', () => {
    for (const params of [{ alpha: 0.704, beta: 1.182 }, { alpha: 0.668, beta: 3.806 }, { alpha: 3.8, beta: 15.2 }]) {
      for (const periodsSurvived of [0, 1, 4, 12]) {
        for (const discountRate of [0.1, 0.05, 0.01]) {
          const closedForm = sbgDiscountedExpectedResidualLifetime(params, { periodsSurvived, discountRate });
          const summed = derlBySummation(params, periodsSurvived, discountRate);
          assertClose(closedForm, summed, 1e-9 * summed, `${JSON.stringify(params)}, survived ${periodsSurvived}, d ${discountRate}`);
        }
      }
    }
  });

  it('is worth more for customers who have stayed longer, and never more than the no-churn annuity', () => {
    const params = { alpha: 0.668, beta: 3.806 };
    const discountRate = 0.1;
    let previous = 0;
    for (const periodsSurvived of [0, 1, 2, 5, 10, 50]) {
      const derl = sbgDiscountedExpectedResidualLifetime(params, { periodsSurvived, discountRate });
      assert.ok(derl > previous, `DERL did not grow at ${periodsSurvived}`);
      assert.ok(derl < (1 + discountRate) / discountRate, 'DERL above a customer who never leaves');
      previous = derl;
    }
  });

  it('refuses a zero discount rate and fractional renewals', () => {
    const params = { alpha: 0.7, beta: 1.2 };
    assert.throws(() => sbgDiscountedExpectedResidualLifetime(params, { periodsSurvived: 1, discountRate: 0 }), RangeError);
    assert.throws(() => sbgDiscountedExpectedResidualLifetime(params, { periodsSurvived: 1.5, discountRate: 0.1 }), RangeError);
  });
});

describe('sBG on subscribers who joined at different times', () => {
  it('with everyone observed equally long, the lifetime likelihood is the cohort likelihood', () => {
    // The "regular" cohort of Fader & Hardie (2007), years 1 to 7, as individual lifetimes.
    const alive = [1000, 631, 468, 382, 326, 289, 262, 241];
    const lifetimes = alive.slice(1).map((count, index) => ({ periods: index + 1, churned: true, weight: (alive[index] ?? 0) - count }));
    lifetimes.push({ periods: 7, churned: false, weight: 241 });
    const params = { alpha: 0.704, beta: 1.182 };
    assert.ok(Math.abs(sbgLifetimeLogLikelihood(params, lifetimes) - sbgLogLikelihood(params, alive)) < 1e-9);
    const fit = fitShiftedBetaGeometricLifetimes(lifetimes);
    assert.equal(fit.alpha.toPrecision(3), '0.704');
    assert.equal(fit.beta.toPrecision(3), '1.18');
  });

  it('two cohorts observed for different lengths recover the published parameters of their pooled data', () => {
    // The regular cohort seen for 7 years and the same process seen for only 3 (its first four counts):
    // both carry information about the same alpha and beta, so the joint fit stays near 0.704 / 1.182.
    const full = [1000, 631, 468, 382, 326, 289, 262, 241];
    const short = [1000, 631, 468, 382];
    const asLifetimes = (alive: number[]) => [
      ...alive.slice(1).map((count, index) => ({ periods: index + 1, churned: true, weight: (alive[index] ?? 0) - count })),
      { periods: alive.length - 1, churned: false, weight: alive.at(-1) ?? 0 },
    ];
    const fit = fitShiftedBetaGeometricLifetimes([...asLifetimes(full), ...asLifetimes(short)]);
    assert.ok(Math.abs(fit.alpha / 0.704 - 1) < 0.1, `alpha ${fit.alpha}`);
    assert.ok(Math.abs(fit.beta / 1.182 - 1) < 0.1, `beta ${fit.beta}`);
  });

  it('expected discounted payments over a long horizon equal the DERL discounted by one period', () => {
    const params = { alpha: 0.704, beta: 1.182 };
    const discountRate = 0.1;
    // DERL counts the next renewal's payment undiscounted; the horizon sum discounts it by one period.
    const derl = sbgDiscountedExpectedResidualLifetime(params, { periodsSurvived: 3, discountRate });
    const long = sbgExpectedDiscountedPayments(params, { periodsSurvived: 3, periods: 2000, discountRate });
    assert.ok(Math.abs(long * (1 + discountRate) - derl) < 1e-6, `${long * (1 + discountRate)} vs ${derl}`);
    // One period ahead: the retention rate of the next period, discounted once.
    const one = sbgExpectedDiscountedPayments(params, { periodsSurvived: 3, periods: 1, discountRate });
    assert.ok(Math.abs(one - sbgRetentionRate(params, 4) / 1.1) < 1e-12);
  });
});
