import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DAYS_PER_MONTH } from '../clv/predicted-value.ts';
import { assertClose } from '../clv/testing/assertions.ts';
import type { OrderValueModel } from './effect.ts';
import { fastestOrdersPerMonth, modelAtPace, ordersPerMonth } from './purchase-pace.ts';

// Fader, Hardie & Lee (2005): the CDNOW parameters, and their customer 1 (x = 2, t_x = 30.43, T = 38.86 weeks),
// who is expected to buy 1.226 times in the next 39 weeks (Hardie's BG/NBD spreadsheet).
const customer1: OrderValueModel = {
  purchase: { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 },
  row: { frequency: 2, recency: 30.43, T: 38.86 },
  spendPerPurchase: 1000,
  horizonMonths: 3,
  annualDiscountRate: 0,
};
const WEEKS_PER_MONTH = DAYS_PER_MONTH / 7;

describe('the what-if purchase pace', () => {
  it("asks 1.226 orders in 3 months of customer 1 by making them buy 39 weeks' worth in that time (the published E[X(39)])", () => {
    const paced = modelAtPace(customer1, 1.226 / 3);
    // Buying k times as fast: 3 months at that pace are 3k months of the customer's own.
    const k = 39 / (3 * WEEKS_PER_MONTH);
    assertClose(customer1.purchase.alpha / paced.purchase.alpha, k, 0.005, 'speed from alpha');
    assertClose(customer1.row.recency / paced.row.recency, k, 0.005, 'speed from recency');
    assertClose(customer1.row.T / paced.row.T, k, 0.005, 'speed from T');
    assert.deepEqual([paced.purchase.r, paced.purchase.a, paced.purchase.b, paced.row.frequency], [0.243, 0.793, 2.426, 2]);
  });

  it('expects the orders a month it was asked for, slower or faster than the customer', () => {
    const own = ordersPerMonth(customer1);
    for (const target of [own / 10, own / 2, own * 2, own * 5]) {
      assertClose(ordersPerMonth(modelAtPace(customer1, target)), target, target * 1e-6, `pace of ${target} a month`);
    }
    assertClose(customer1.purchase.alpha / modelAtPace(customer1, own).purchase.alpha, 1, 1e-6, 'at their own pace, their own model');
  });

  it('stops at the fastest pace, and zero orders a month expect none', () => {
    const fastest = fastestOrdersPerMonth(customer1);
    assert.ok(fastest > ordersPerMonth(customer1) * 10, `fastest ${fastest}`);
    // However fast, each purchase may be the customer's last: a bounded number of purchases, not any number.
    assert.ok(Number.isFinite(fastest));
    assertClose(ordersPerMonth(modelAtPace(customer1, fastest * 3)), fastest, fastest * 1e-9, 'above the fastest');
    assert.ok(ordersPerMonth(modelAtPace(customer1, 0)) < 1e-6);
  });
});
