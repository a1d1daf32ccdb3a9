import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { openTestApp } from '../test-support/test-app.ts';
import { get, mintToken, newTenant, post } from '../test-support/fixtures.ts';
import { PLANTED_CATALOGUE, PLANTED_PAIRS, plantedTenant, type PlantedTenant } from '../test-support/planted-tenant.ts';
import type { CreatedTenant } from '../db/tenant-repository.ts';
import { currentProgram, readLoyaltyInputs } from '../db/loyalty-repository.ts';
import { predictedValue } from '../../shared/clv/predicted-value.ts';
import { evaluateCustomer } from '../../shared/loyalty/evaluate.ts';
import { localDay } from '../../shared/loyalty/calendar.ts';
import type { CustomerValue } from '../../shared/schemas/customer-value.ts';
import type { VendorSuggestions } from '../../shared/schemas/suggestions.ts';
import type { WhatIfInputs } from '../../shared/schemas/what-if.ts';
import { whatIf } from '../../shared/suggestions/what-if.ts';

const AS_OF = new Date('2025-07-15T00:00:00Z');
const DAY_MS = 86_400_000;

type Harness = Awaited<ReturnType<typeof openTestApp>>;

async function push(harness: Harness, tenant: CreatedTenant, url: string, items: unknown[]) {
  for (let start = 0; start < items.length; start += 5000) {
    const response = await post(harness.app, url, tenant.apiKey, { items: items.slice(start, start + 5000) });
    assert.equal(response.statusCode, 200, response.body);
  }
}

async function vendorView(harness: Harness, tenant: CreatedTenant, customerId: string): Promise<VendorSuggestions> {
  const response = await get(harness.app, `/v1/customers/${customerId}/suggestions`, tenant.apiKey);
  assert.equal(response.statusCode, 200, response.body);
  return response.json() as VendorSuggestions;
}

describe('suggestions through the API', () => {
  let harness: Harness;
  let acme: CreatedTenant;
  let data: PlantedTenant;

  before(async () => {
    harness = await openTestApp({ clock: () => AS_OF });
    acme = await newTenant(harness.sql, 'Acme');
    data = plantedTenant({ asOf: AS_OF });
    await push(harness, acme, '/v1/products', PLANTED_CATALOGUE);
    await push(harness, acme, '/v1/customers', data.customers);
    await push(harness, acme, '/v1/orders', data.orders);
    await harness.app.rescoring.settled();
    const scored = await post(harness.app, '/v1/scores/refresh', acme.apiKey, {});
    assert.equal(scored.statusCode, 200, scored.body);
  });
  after(() => harness.close());

  test('POST /v1/products upserts by sku; links other than https: are refused with a 400 naming the field, and nothing is written', async () => {
    const globex = await newTenant(harness.sql, 'Globex');
    const item = { sku: 'P-1', name: 'Product', price: 1000 };
    const first = await post(harness.app, '/v1/products', globex.apiKey, { items: [item, { ...item, sku: 'P-2', url: 'http://localhost:8080/p2' }] });
    assert.equal(first.statusCode, 200, first.body);
    assert.deepEqual(first.json(), { inserted: 2, updated: 0, unchanged: 0 });
    const again = await post(harness.app, '/v1/products', globex.apiKey, { items: [item, { ...item, sku: 'P-2', url: 'http://localhost:8080/p2', name: 'Renamed' }] });
    assert.deepEqual(again.json(), { inserted: 0, updated: 1, unchanged: 1 });

    for (const url of ['http://acme.example/p', 'javascript:alert(1)', 'data:text/html,<b>x</b>', 'ftp://acme.example/p', 'https://user:secret@acme.example/p', '//acme.example/p', 'acme.example']) {
      const refused = await post(harness.app, '/v1/products', globex.apiKey, { items: [{ ...item, sku: 'P-3' }, { ...item, sku: 'P-4', url }] });
      assert.equal(refused.statusCode, 400, `${url}: ${refused.body}`);
      const [detail] = refused.json().error.details;
      assert.deepEqual([detail.path, detail.field, detail.index], ['items[1].url', 'url', 1], url);
      assert.match(refused.json().error.message, /items\[1\]\.url: must be an https: link/);
    }
    const upgrade = await post(harness.app, '/v1/products', globex.apiKey, { items: [{ ...item, sku: 'P-3', upgradeTo: 'P-9' }, { ...item, sku: 'P-3' }] });
    assert.equal(upgrade.statusCode, 400);
    assert.deepEqual(upgrade.json().error.details.map((d: { path: string }) => d.path), ['items[0].upgradeTo', 'items[1].sku']);
    const [count] = await harness.sql`select count(*)::int as n from products where tenant_id = ${globex.tenantId}`;
    assert.equal(count?.n, 2, 'nothing of the refused batches was written');
  });

  test('a generated tenant with planted co-purchase structure recovers the planted pairs', async () => {
    let asked = 0;
    let recovered = 0;
    for (const customer of data.customers) {
      const owned = data.owned.get(customer.externalId) ?? new Set();
      const pair = PLANTED_PAIRS.find(([from, to]) => owned.has(from) && !owned.has(to) && [...owned].every((sku) => sku === from));
      if (!pair || (pair[0] === 'INV-01' && customer.industry !== 'logistics')) continue;
      asked += 1;
      const view = await vendorView(harness, acme, customer.externalId);
      assert.equal(view.status, 'ready');
      if (view.items[0]?.product.sku === pair[1]) recovered += 1;
    }
    assert.ok(asked >= 10, `only ${asked} customers own just one side of a planted pair`);
    assert.equal(recovered, asked, `${recovered} of ${asked} customers owning one side were suggested the other first`);

    // The explanation quotes the customer's own segment, with counts that add up.
    const logistics = data.customers.find((c) => c.industry === 'logistics' && [...(data.owned.get(c.externalId) ?? [])].join() === 'INV-01');
    assert.ok(logistics);
    const view = await vendorView(harness, acme, logistics.externalId);
    const [first] = view.items;
    assert.equal(first?.explanation.kind, 'co-adoption');
    if (first?.explanation.kind !== 'co-adoption') return;
    assert.deepEqual(first.explanation.segment, { dimension: 'industry', value: 'logistics' });
    assert.deepEqual(first.explanation.antecedent, { sku: 'INV-01', name: 'Invoicing' });
    const owners = data.customers.filter((c) => c.industry === 'logistics' && data.owned.get(c.externalId)?.has('INV-01'));
    const both = owners.filter((c) => data.owned.get(c.externalId)?.has('PAY-01'));
    assert.deepEqual([first.explanation.customersWithAntecedent, first.explanation.customersWithBoth], [owners.length, both.length]);
    assert.ok(first.explanation.share > 0.6, `share ${first.explanation.share}`);
    assert.equal(first.product.url, 'https://acme.example/payroll');
    assert.equal(first.why.evidence[0]?.segment, null);
    assert.ok(first.why.lift > 1);
    assert.equal(first.why.expectedMargin, Math.round(0.7 * first.expectedBenefit));
  });

  test('nothing the customer owns, and nothing marked not for suggestion, is suggested', async () => {
    let suggested = 0;
    for (const customer of data.customers) {
      const owned = data.owned.get(customer.externalId) ?? new Set();
      const view = await vendorView(harness, acme, customer.externalId);
      assert.deepEqual(view.owned, [...owned].sort());
      assert.ok(view.items.length <= 3);
      for (const item of view.items) {
        suggested += 1;
        assert.ok(!owned.has(item.product.sku), `${customer.externalId} owns ${item.product.sku}`);
        assert.notEqual(item.product.sku, 'SUP-01');
      }
      if (!owned.has('SUP-01')) assert.equal(view.excluded.find((e) => e.sku === 'SUP-01')?.reason, 'not-for-suggestion');
    }
    assert.ok(suggested > data.customers.length / 2, `${suggested} suggestions for ${data.customers.length} customers`);
  });

  test('the projected effect equals a recomputation with the product added, with the shared CLV and loyalty functions', async () => {
    // Tiers low enough for these customers to reach within the projection horizon.
    const tiers = [{ id: 'member', name: 'Member', atLeast: 0 }, { id: 'silver', name: 'Silver', atLeast: 40_000 }, { id: 'gold', name: 'Gold', atLeast: 120_000 }];
    const saved = await harness.app.inject({ method: 'PUT', url: '/v1/program', headers: { authorization: `Bearer ${acme.apiKey}` }, payload: { tiers } });
    assert.equal(saved.statusCode, 200, saved.body);
    const { program, version } = await currentProgram(harness.sql, acme.tenantId, 'USD');
    const context = { program, programVersion: version, timeZone: 'UTC', currency: 'USD', asOf: AS_OF };

    // The share of purchase days a product joins, over its owners from their first purchase of it, from the generated orders.
    const shareOf = (sku: string) => {
      let withProduct = 0;
      let ownerDays = 0;
      const days = (list: PlantedTenant['orders']) => new Set(list.map((o) => Math.floor(Date.parse(o.occurredAt) / DAY_MS))).size;
      for (const [owner, products] of data.owned) {
        if (!products.has(sku)) continue;
        const orders = data.orders.filter((order) => order.customerId === owner);
        const first = Math.min(...orders.filter((o) => o.items.some((i) => i.sku === sku)).map((o) => Date.parse(o.occurredAt)));
        withProduct += days(orders.filter((o) => o.items.some((i) => i.sku === sku)));
        ownerDays += days(orders.filter((o) => Date.parse(o.occurredAt) >= first));
      }
      return withProduct / ownerDays;
    };

    let checked = 0;
    let sooner = 0;
    for (const customer of data.customers.slice(0, 60)) {
      const id = customer.externalId;
      const suggestion = (await vendorView(harness, acme, id)).items.find((item) => item.kind === 'cross-sell');
      if (!suggestion) continue;
      const { value, nextTier } = suggestion.effect;
      assert.equal(value.model, 'bg-nbd+gamma-gamma');
      if (value.model !== 'bg-nbd+gamma-gamma') continue;
      const price = suggestion.product.price;
      assert.equal(value.inputs.share, shareOf(suggestion.product.sku));

      // The customer's own scores and the run's parameters, as stored: the predicted value with the product added.
      const [score] = await harness.sql<{ frequency: number; recency: number; T: number; spend: number; purchase: { r: number; alpha: number; a: number; b: number } }[]>`
        select s.frequency, s.recency_weeks as recency, s.age_weeks as "T", s.expected_spend as spend, r.purchase_model as purchase
        from customer_scores s join model_runs r on r.tenant_id = s.tenant_id and r.id = s.run_id
        where s.tenant_id = ${acme.tenantId} and s.customer_id = ${id}`;
      assert.ok(score);
      const settings = { purchase: score.purchase, row: { frequency: score.frequency, recency: score.recency, T: score.T }, horizonMonths: 12, annualDiscountRate: 0.1 };
      const before = Math.round(predictedValue({ ...settings, spendPerPurchase: score.spend }).discountedValue);
      const added = Math.round(predictedValue({ ...settings, spendPerPurchase: score.spend + price * value.inputs.share }).discountedValue);
      assert.deepEqual([value.before, value.after, value.change], [before, added, added - before]);
      // The "before" is the predicted value the customer sees.
      const valueView = (await get(harness.app, `/v1/customers/${id}/value`, acme.apiKey)).json() as CustomerValue;
      assert.equal(value.before, valueView.prediction?.predictedValue);

      // The tier: the loyalty rules evaluated at the new pace, with the product bought from today.
      const inputs = (await readLoyaltyInputs(harness.sql, acme.tenantId, [id], { asOf: AS_OF, timeZone: 'UTC', program })).get(id);
      assert.ok(inputs?.score);
      const changed = {
        ...inputs,
        score: { ...inputs.score, spendPerPurchase: inputs.score.spendPerPurchase + price * value.inputs.share },
        productFirstDays: [...inputs.productFirstDays, localDay(AS_OF, 'UTC')],
      };
      const now = evaluateCustomer(inputs, context).loyalty.tier.next;
      const then = evaluateCustomer(changed, context).loyalty;
      assert.equal(nextTier?.tier.id ?? null, now?.tier.id ?? null);
      assert.equal(nextTier?.reachedOnBefore ?? null, now?.projection?.reachedOn ?? null);
      assert.equal(nextTier?.reachedOnBefore ?? null, valueView.loyalty?.tier.next?.projection?.reachedOn ?? null);
      const expectedAfter = now && then.tier.current.rank >= now.tier.rank ? '2025-07-15' : (then.tier.next?.projection?.reachedOn ?? null);
      assert.equal(nextTier?.reachedOnAfter ?? null, now ? expectedAfter : null);
      checked += 1;
      if ((nextTier?.daysSooner ?? 0) > 0 || (nextTier?.reachedOnBefore === null && nextTier?.reachedOnAfter !== null)) sooner += 1;
    }
    assert.ok(checked >= 10, `${checked} customers checked`);
    assert.ok(sooner >= 1, 'at least one suggestion brings the next tier sooner');
  });

  test("GET /v1/me carries the customer's suggestions, without the vendor's reasons, at most the program's limit", async () => {
    const customer = data.customers.find((c) => [...(data.owned.get(c.externalId) ?? [])].join() === 'CRM-01');
    assert.ok(customer);
    const token = await mintToken(harness.app, acme.apiKey, customer.externalId);
    const me = (await get(harness.app, '/v1/me', token)).json() as CustomerValue;
    const vendor = await vendorView(harness, acme, customer.externalId);
    assert.equal(me.suggestions?.status, 'ready');
    assert.deepEqual(me.suggestions?.items.map((item) => item.product.sku), vendor.items.map((item) => item.product.sku));
    assert.equal(me.suggestions?.items[0]?.product.sku, 'ANL-01');
    assert.ok(me.suggestions?.items.every((item) => !('why' in item)));
    assert.ok(!('excluded' in (me.suggestions ?? {})));

    const program = (await get(harness.app, '/v1/program', acme.apiKey)).json().program;
    const saved = await harness.app.inject({ method: 'PUT', url: '/v1/program', headers: { authorization: `Bearer ${acme.apiKey}` }, payload: { ...program, suggestions: { limit: 1 } } });
    assert.equal(saved.statusCode, 200, saved.body);
    const limited = (await get(harness.app, '/v1/me', token)).json() as CustomerValue;
    assert.deepEqual([limited.suggestions?.limit, limited.suggestions?.items.length], [1, 1]);
  });

  test('the what-if simulator, fed by GET /v1/me/what-if, gives in the browser the figures the server gives', async () => {
    let compared = 0;
    for (const customer of data.customers.slice(0, 40)) {
      const token = await mintToken(harness.app, acme.apiKey, customer.externalId);
      const response = await get(harness.app, '/v1/me/what-if', token);
      assert.equal(response.statusCode, 200, response.body);
      const inputs = response.json() as WhatIfInputs;
      const me = (await get(harness.app, '/v1/me', token)).json() as CustomerValue;
      assert.ok(inputs.products.every((product) => !data.owned.get(customer.externalId)?.has(product.sku) && product.sku !== 'SUP-01'));
      const now = whatIf(inputs);
      assert.equal(now.predictedValue, me.prediction?.predictedValue ?? null);
      assert.equal(now.tier.id, me.loyalty?.tier.current.id);
      assert.equal(now.nextTier?.reachedOn ?? null, me.loyalty?.tier.next?.projection?.reachedOn ?? null);
      const suggestion = me.suggestions?.items.find((item) => item.kind === 'cross-sell');
      if (!suggestion || suggestion.effect.value.model !== 'bg-nbd+gamma-gamma') continue;
      const product = inputs.products.find((p) => p.sku === suggestion.product.sku);
      assert.equal(product?.share, suggestion.effect.value.inputs.share);
      const taken = whatIf(inputs, { addProducts: [{ price: product?.price ?? 0, share: product?.share ?? 0 }] });
      assert.equal(taken.predictedValue, suggestion.effect.value.after);
      const after = suggestion.effect.nextTier?.reachedOnAfter ?? null;
      // Reached today: the tier itself is the next one; else the day it is reached at the new pace.
      if (after === '2025-07-15') assert.equal(taken.tier.id, suggestion.effect.nextTier?.tier.id);
      else assert.equal(taken.nextTier?.reachedOn ?? null, after);
      compared += 1;
    }
    assert.ok(compared >= 10, `${compared} compared`);
  });

  test('a tenant without a catalogue has no suggestions in /v1/me; one not scored since says so', async () => {
    const globex = await newTenant(harness.sql, 'Globex');
    await push(harness, globex, '/v1/customers', [{ externalId: 'g1' }]);
    await push(harness, globex, '/v1/orders', [{ externalId: 'go1', customerId: 'g1', occurredAt: '2025-06-01T00:00:00Z', amount: 1000, items: [{ sku: 'P-1', quantity: 1, amount: 1000 }] }]);
    const token = await mintToken(harness.app, globex.apiKey, 'g1');
    assert.equal('suggestions' in ((await get(harness.app, '/v1/me', token)).json() as CustomerValue), false);
    await push(harness, globex, '/v1/products', [{ sku: 'P-2', name: 'Other', price: 500 }]);
    const me = (await get(harness.app, '/v1/me', token)).json() as CustomerValue;
    assert.deepEqual([me.suggestions?.status, me.suggestions?.items], ['not-learned', []]);
    assert.equal((await get(harness.app, '/v1/customers/nobody/suggestions', globex.apiKey)).statusCode, 404);
    assert.equal((await get(harness.app, `/v1/customers/${data.customers[0]?.externalId}/suggestions`, globex.apiKey)).statusCode, 404, "another tenant's customer is no customer");
  });
});
