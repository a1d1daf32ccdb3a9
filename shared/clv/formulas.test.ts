import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { marginClv, retentionClv, simpleClv } from './formulas.ts';

// The worked examples of our product sheets; a customer can redo each one by hand, so they must be exact.
describe('open CLV formulas', () => {
  it('simple CLV is average order value x purchases per year x lifespan (100 x 4 x 3 = 1,200)', () => {
    assert.equal(simpleClv({ averageOrderValue: 100, purchasesPerYear: 4, lifespanYears: 3 }), 1200);
  });

  it('margin CLV is (monthly margin - cost to serve) x lifetime months ((45 - 20) x 36 = 900)', () => {
    assert.equal(marginClv({ monthlyGrossMargin: 45, monthlyCostToServe: 20, lifetimeMonths: 36 }), 900);
  });

  it('retention CLV, paid at the start of each period: (2000 - 500)(1.05) / (1.05 - 0.8) = 6,300', () => {
    const value = retentionClv({ margin: 2000 - 500, retention: 0.8, discountRate: 0.05 });
    assert.ok(Math.abs(value - 6300) < 1e-9, `got ${value}`);
  });

  it('retention CLV, paid at the end of each period: 1500 x 0.8 / 0.25 = 4,800', () => {
    const value = retentionClv({ margin: 1500, retention: 0.8, discountRate: 0.05, payLater: true });
    assert.ok(Math.abs(value - 4800) < 1e-9, `got ${value}`);
  });

  it('pay-now equals pay-later plus the first margin, received today', () => {
    const inputs = { margin: 1500, retention: 0.8, discountRate: 0.05 };
    assert.ok(Math.abs(retentionClv(inputs) - (retentionClv({ ...inputs, payLater: true }) + 1500)) < 1e-9);
  });

  it('retention CLV refuses a retention rate that would make the series diverge', () => {
    assert.throws(() => retentionClv({ margin: 1, retention: 1.1, discountRate: 0.05 }), RangeError);
    assert.throws(() => retentionClv({ margin: 1, retention: -0.1, discountRate: 0.05 }), RangeError);
  });
});
