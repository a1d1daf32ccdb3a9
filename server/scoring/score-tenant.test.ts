import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { openTestApp } from '../test-support/test-app.ts';
import { get, mintToken, newTenant, post } from '../test-support/fixtures.ts';
import { DEMO_PURCHASE_PARAMS, generateDemoData } from '../../demo/generate.ts';
import { mulberry32, randomBeta } from '../../shared/random.ts';
import type { CustomerValue } from '../../shared/schemas/customer-value.ts';
import type { ScoreRun } from '../../shared/schemas/scores.ts';
import type { CreatedTenant } from '../db/tenant-repository.ts';

const AS_OF = new Date('2026-06-30T00:00:00Z');
// The generator's population (per week), demo/generate.ts.
const GENERATED = DEMO_PURCHASE_PARAMS;

async function pushAll(harness: Awaited<ReturnType<typeof openTestApp>>, apiKey: string, customers: unknown[], orders: unknown[]) {
  for (let start = 0; start < customers.length; start += 5000) {
    const response = await post(harness.app, '/v1/customers', apiKey, { items: customers.slice(start, start + 5000) });
    assert.equal(response.statusCode, 200, response.body);
  }
  for (let start = 0; start < orders.length; start += 5000) {
    const response = await post(harness.app, '/v1/orders', apiKey, { items: orders.slice(start, start + 5000) });
    assert.equal(response.statusCode, 200, response.body);
  }
  await harness.app.rescoring.settled();
}

describe('scoring every customer of a tenant', () => {
  let harness: Awaited<ReturnType<typeof openTestApp>>;
  let acme: CreatedTenant;
  let run: ScoreRun;
  let customersWithPaidOrders = 0;

  before(async () => {
    harness = await openTestApp({ clock: () => AS_OF });
    acme = await newTenant(harness.sql, 'Acme');
    const data = generateDemoData({ customers: 6000, seed: 7, asOf: AS_OF, historyYears: 3 });
    // A customer whose purchase days are known exactly, to check the model inputs by hand.
    data.customers.push({ externalId: 'known' });
    data.orders.push(
      { externalId: 'k1', customerId: 'known', occurredAt: '2026-01-05T09:00:00Z', amount: 4000, status: 'paid', items: [] },
      { externalId: 'k2', customerId: 'known', occurredAt: '2026-01-05T17:00:00Z', amount: 1000, status: 'paid', items: [] },
      { externalId: 'k3', customerId: 'known', occurredAt: '2026-02-02T12:00:00Z', amount: 3000, status: 'paid', items: [] },
      { externalId: 'k4', customerId: 'known', occurredAt: '2026-03-02T12:00:00Z', amount: 5000, status: 'paid', items: [] },
      { externalId: 'k5', customerId: 'known', occurredAt: '2026-03-10T12:00:00Z', amount: 9900, status: 'refunded', items: [] },
    );
    customersWithPaidOrders = new Set(data.orders.filter((order) => order.status === 'paid').map((order) => order.customerId)).size;
    await pushAll(harness, acme.apiKey, data.customers, data.orders);
    const response = await post(harness.app, '/v1/scores/refresh', acme.apiKey, {});
    assert.equal(response.statusCode, 200, response.body);
    run = response.json() as ScoreRun;
  });
  after(() => harness.close());

  test('fits on the whole pipeline recover the population the data was generated from', () => {
    const { purchaseModel, spendModel } = run;
    assert.ok(purchaseModel && spendModel, 'order models were fitted');
    // Customers whose every order was refunded have no purchase to model.
    assert.equal(run.customers, customersWithPaidOrders);
    assert.equal(run.fittedOn, customersWithPaidOrders);
    assert.ok(purchaseModel.converged && spendModel.converged);
    // Within 25%: 6,000 customers carry sampling error of several percent per parameter, and the generator
    // adds refunds; the tight recovery bounds are the shared/clv property tests.
    for (const key of ['r', 'alpha', 'a', 'b'] as const) {
      const ratio = purchaseModel[key] / GENERATED[key];
      assert.ok(ratio > 0.75 && ratio < 1.25, `${key}: fitted ${purchaseModel[key]}, generated ${GENERATED[key]}`);
    }
    for (const stage of ['read', 'fit', 'score', 'write'] as const) assert.ok(run.stageMs[stage] >= 0);
  });

  test("a customer's open-book prediction states the model inputs computed by hand", async () => {
    const token = await mintToken(harness.app, acme.apiKey, 'known');
    const value = (await get(harness.app, '/v1/me', token)).json() as CustomerValue;
    const prediction = value.prediction;
    assert.ok(prediction, 'scored customers have a prediction');
    // Purchase days 2026-01-05 (two orders, one day), 2026-02-02 and 2026-03-02; the refunded order is not a
    // purchase. Repeat days: 2; first day to 2026-06-30: 176 days = 25.142857 weeks; last purchase day
    // 2026-03-02 to 2026-06-30: 120 days = 17.142857 weeks; mean repeat day value (3000 + 5000) / 2 = 4000.
    assert.equal(prediction.inputs.repeatPurchases, 2);
    assert.ok(Math.abs(prediction.inputs.weeksSinceFirstPurchase - 176 / 7) < 1e-9);
    assert.ok(Math.abs(prediction.inputs.weeksSinceLastPurchase - 120 / 7) < 1e-9);
    assert.equal(prediction.inputs.averageRepeatPurchaseValue, 4000);
    // Present: the default program discloses P(alive) to customers.
    const pAlive = prediction.probabilityAlive ?? Number.NaN;
    assert.ok(pAlive > 0 && pAlive < 1);
    assert.equal(prediction.horizonMonths, 12);
    assert.equal(prediction.parameters.r, run.purchaseModel?.r);
    assert.ok(prediction.predictedValue > 0);
    // Discounting can only lower the value below purchases x spend.
    assert.ok(prediction.predictedValue <= prediction.expectedPurchases * prediction.expectedSpendPerPurchase + 1);
  });

  test('a new order refreshes that customer\'s scores without a refit', async () => {
    const token = await mintToken(harness.app, acme.apiKey, 'known');
    const before = ((await get(harness.app, '/v1/me', token)).json() as CustomerValue).prediction;
    await post(harness.app, '/v1/orders', acme.apiKey, { items: [{ externalId: 'k6', customerId: 'known', occurredAt: '2026-06-29T12:00:00Z', amount: 4000 }] });
    await harness.app.rescoring.settled();
    const after = ((await get(harness.app, '/v1/me', token)).json() as CustomerValue).prediction;
    assert.ok(before && after);
    assert.equal(after.inputs.repeatPurchases, 3);
    assert.ok(Math.abs(after.inputs.weeksSinceLastPurchase - 1 / 7) < 1e-9);
    assert.ok((after.probabilityAlive ?? Number.NaN) > (before.probabilityAlive ?? Number.NaN), 'a recent purchase makes the customer more likely active');
    assert.ok(after.expectedPurchases > before.expectedPurchases);
    assert.equal(after.parameters.r, before.parameters.r, 'same fitted parameters: no refit');
    const [runs] = await harness.sql`select count(*)::int as n from model_runs where tenant_id = ${acme.tenantId}`;
    assert.equal(runs?.n, 1);
  });

  test('P(alive) in the stored scores is in [0, 1] and falls as customers stay silent longer', async () => {
    const rows = await harness.sql<{ p: number; silent: number; frequency: number }[]>`
      select p_alive as p, age_weeks - recency_weeks as silent, frequency from customer_scores where tenant_id = ${acme.tenantId}`;
    assert.ok(rows.every((row) => row.p >= 0 && row.p <= 1));
    // Among customers with the same frequency, the longer-silent half is less likely alive on average.
    const withTwo = rows.filter((row) => row.frequency === 2).sort((a, b) => a.silent - b.silent);
    const half = Math.floor(withTwo.length / 2);
    const mean = (list: typeof withTwo) => list.reduce((sum, row) => sum + row.p, 0) / list.length;
    assert.ok(half > 10);
    assert.ok(mean(withTwo.slice(0, half)) > mean(withTwo.slice(half)));
  });

  test('a tenant with subscriptions only is scored with the shifted-beta-geometric model', async () => {
    // 3,000 subscribers, joining monthly over three years; each cancels at the end of a month with
    // probability theta ~ Beta(0.7, 1.2) (a "regular" population in the sense of Fader & Hardie 2007).
    const truth = { alpha: 0.7, beta: 1.2 };
    const random = mulberry32(11);
    const subs = await newTenant(harness.sql, 'Subs');
    const customers = Array.from({ length: 3000 }, (_, i) => ({ externalId: `s${i}` }));
    const DAY = 86_400_000;
    const MONTH = (365.25 / 12) * DAY;
    const subscriptions = customers.map(({ externalId }, i) => {
      const startedAt = AS_OF.getTime() - (1 + (i % 36)) * MONTH - random() * 5 * DAY;
      const theta = randomBeta(random, truth.alpha, truth.beta);
      let months = 1;
      while (random() > theta) months += 1;
      const endedAt = startedAt + months * MONTH;
      return { externalId: `sub-${externalId}`, customerId: externalId, plan: 'pro', mrr: 4900, startedAt: new Date(startedAt).toISOString(), endedAt: endedAt < AS_OF.getTime() ? new Date(endedAt).toISOString() : null };
    });
    assert.equal((await post(harness.app, '/v1/customers', subs.apiKey, { items: customers })).statusCode, 200);
    const pushed = await post(harness.app, '/v1/subscriptions', subs.apiKey, { items: subscriptions });
    assert.equal(pushed.statusCode, 200, pushed.body);
    const response = await post(harness.app, '/v1/scores/refresh', subs.apiKey, {});
    assert.equal(response.statusCode, 200, response.body);
    const result = response.json() as ScoreRun;
    assert.equal(result.purchaseModel, null, 'no orders, no order models');
    assert.ok(result.subscriptionModel);
    assert.equal(result.subscriptionModel.subscribers, 3000);
    // Within 20%: 3,000 lifetimes, many censored after a few months, leave several percent of sampling error.
    for (const key of ['alpha', 'beta'] as const) {
      const ratio = result.subscriptionModel[key] / truth[key];
      assert.ok(ratio > 0.8 && ratio < 1.2, `${key}: fitted ${result.subscriptionModel[key]}, generated ${truth[key]}`);
    }
    const active = await harness.sql<{ mrr: number; p: number; value: number; residual: number; months: number }[]>`
      select mrr::int as mrr, renewal_probability as p, expected_value::int as value, residual_value::int as residual, months_renewed as months
      from subscription_scores where tenant_id = ${subs.tenantId} and active`;
    assert.ok(active.length > 300);
    for (const row of active) {
      assert.ok(row.p > 0 && row.p < 1);
      // Twelve discounted renewals at most, each at most the MRR; the residual value is the longer view.
      assert.ok(row.value > 0 && row.value <= 12 * row.mrr, JSON.stringify(row));
      assert.ok(row.residual >= row.value, JSON.stringify(row));
    }
    // The customer's own view carries the subscription prediction with the model's parameters.
    const loyal = active.reduce((best, row) => (row.months > best.months ? row : best));
    const [loyalId] = await harness.sql`select customer_id from subscription_scores where tenant_id = ${subs.tenantId} and active and months_renewed = ${loyal.months} limit 1`;
    const view = ((await get(harness.app, `/v1/customers/${loyalId?.customer_id}/value`, subs.apiKey)).json() as CustomerValue).subscription;
    assert.ok(view);
    assert.equal(view.model, 'sbg');
    assert.equal(view.monthsRenewed, loyal.months);
    assert.equal(view.parameters.alpha, result.subscriptionModel.alpha);
    // Loyal subscribers (more renewals) are likelier to renew again: the sBG's rising retention.
    const byMonths = [...active].sort((a, b) => a.months - b.months);
    assert.ok((byMonths.at(-1)?.p ?? 0) > (byMonths[0]?.p ?? 1));
  });

  test('a tenant too small to fit gets a clear 422 and keeps no half-written scores', async () => {
    const tiny = await newTenant(harness.sql, 'Tiny');
    await post(harness.app, '/v1/customers', tiny.apiKey, { items: [{ externalId: 'only' }] });
    await post(harness.app, '/v1/orders', tiny.apiKey, { items: [{ externalId: 'o', customerId: 'only', occurredAt: '2026-01-01T00:00:00Z', amount: 100 }] });
    const response = await post(harness.app, '/v1/scores/refresh', tiny.apiKey, {});
    assert.equal(response.statusCode, 422);
    assert.match(response.json().error.message, /at least 30 customers with orders/);
    const [scores] = await harness.sql`select count(*)::int as n from customer_scores where tenant_id = ${tiny.tenantId}`;
    assert.equal(scores?.n, 0);
    const [failed] = await harness.sql`select status, error from model_runs where tenant_id = ${tiny.tenantId}`;
    assert.equal(failed?.status, 'failed');
  });
});
