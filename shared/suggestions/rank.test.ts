import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mulberry32, pick } from '../random.ts';
import { predictedValue } from '../clv/predicted-value.ts';
import { association, countAdoption, type CustomerProducts, type Segment } from './adoption.ts';
import { orderValueChange, subscriptionValueChange, type OrderValueModel } from './effect.ts';
import { rankSuggestions, type CatalogueProduct, type CustomerFacts, type ProductUsage, type RankInput } from './rank.ts';

const product = (sku: string, name: string, price: number, extra: Partial<CatalogueProduct> = {}): CatalogueProduct => ({
  sku,
  name,
  category: null,
  price,
  margin: null,
  url: `https://shop.example/${sku}`,
  suggest: true,
  upgradeTo: null,
  ...extra,
});

const CATALOGUE = [
  product('INV-01', 'Invoicing', 4900),
  product('PAY-01', 'Payroll', 9900),
  product('ANL-01', 'Analytics', 14900),
  product('CRM-01', 'CRM', 7900),
  product('INT-01', 'Integrations pack', 2900, { upgradeTo: 'INT-10' }),
  product('INT-10', 'Integrations pack x10', 19900),
  product('SUP-01', 'Priority support', 19900, { suggest: false }),
];

const INDUSTRIES = ['logistics', 'retail', 'finance'] as const;

/**
 * Customers with planted structure: Invoicing brings Payroll (80% in logistics, 15% elsewhere), CRM brings
 * Analytics (70% everywhere); everything else is bought independently, 10% each.
 */
function plantedCustomers(count: number, seed: number): CustomerProducts[] {
  const random = mulberry32(seed);
  const customers: CustomerProducts[] = [];
  for (let i = 0; i < count; i += 1) {
    const industry = pick(random, INDUSTRIES);
    const products = new Set<string>([pick(random, ['INV-01', 'CRM-01', 'INT-01'] as const)]);
    for (const sku of ['INV-01', 'CRM-01', 'INT-01', 'SUP-01']) if (random() < 0.1) products.add(sku);
    if (products.has('INV-01') && random() < (industry === 'logistics' ? 0.8 : 0.15)) products.add('PAY-01');
    if (products.has('CRM-01') && random() < 0.7) products.add('ANL-01');
    if (products.has('INT-01') && random() < 0.2) products.add('INT-10');
    customers.push({ segments: { industry, size: pick(random, ['1-10', '11-50'] as const), plan: null }, products });
  }
  return customers;
}

const MODEL: OrderValueModel = {
  purchase: { r: 0.9, alpha: 9, a: 0.6, b: 4.5 },
  row: { frequency: 6, recency: 60, T: 70 },
  spendPerPurchase: 12_000,
  horizonMonths: 12,
  annualDiscountRate: 0.1,
};

const USAGE = new Map<string, ProductUsage>(CATALOGUE.map((p) => [p.sku, { owners: 50, ownerPurchaseDays: 400, purchaseDays: 240 }]));

function facts(owned: string[], segments: Segment[], spend: Record<string, number> = {}): CustomerFacts {
  return {
    segments,
    owned: new Set(owned),
    activePlans: new Set(),
    productSpendLast12Months: new Map(owned.map((sku) => [sku, spend[sku] ?? 10_000])),
    productShare: new Map(owned.map((sku) => [sku, 0.5])),
    orderSpendLast12Months: 50_000,
  };
}

const customers = plantedCustomers(1500, 11);
const adoption = countAdoption(customers);
const input = (customer: CustomerFacts, extra: Partial<RankInput> = {}): RankInput => ({
  customer,
  catalogue: CATALOGUE,
  adoption,
  usage: USAGE,
  orders: MODEL,
  subscription: null,
  limit: 3,
  ...extra,
});

test('the planted pairs have the highest lift of all pairs, so they are recovered', () => {
  const skus = ['INV-01', 'PAY-01', 'ANL-01', 'CRM-01', 'INT-01', 'SUP-01'];
  const pairs = skus.flatMap((a) => skus.filter((b) => b !== a).map((b) => association(adoption, [], a, b)));
  const strongest = pairs.filter((pair) => pair.customersWithBoth >= 3).sort((p, q) => q.lift - p.lift).slice(0, 4).map((pair) => `${pair.antecedent}>${pair.consequent}`);
  assert.deepEqual(new Set(strongest), new Set(['CRM-01>ANL-01', 'ANL-01>CRM-01', 'INV-01>PAY-01', 'PAY-01>INV-01']));
});

test('a logistics customer with Invoicing is suggested Payroll first, explained by their own segment', () => {
  const logistics: Segment = { dimension: 'industry', value: 'logistics' };
  const { chosen } = rankSuggestions(input(facts(['INV-01'], [logistics])));
  const first = chosen[0];
  assert.equal(first?.product.sku, 'PAY-01');
  assert.equal(first?.kind, 'cross-sell');
  const explanation = first?.explanation;
  assert.equal(explanation?.kind, 'co-adoption');
  if (explanation?.kind !== 'co-adoption') return;
  assert.deepEqual(explanation.segment, logistics);
  assert.equal(explanation.antecedent.sku, 'INV-01');
  // The numbers of the sentence are counts that can be checked, and the planted 80% shows through.
  assert.equal(explanation.customersWithAntecedent, adoption.get(logistics, 'INV-01'));
  assert.equal(explanation.customersWithBoth, adoption.get(logistics, 'INV-01', 'PAY-01'));
  assert.equal(explanation.share, explanation.customersWithBoth / explanation.customersWithAntecedent);
  assert.ok(explanation.share > 0.7 && explanation.share < 0.9, `share ${explanation.share}`);
  // Weighted towards the segment: a retail customer with Invoicing sees a much lower chance of Payroll.
  const retail = rankSuggestions(input(facts(['INV-01'], [{ dimension: 'industry', value: 'retail' }]))).chosen.find((s) => s.product.sku === 'PAY-01');
  assert.ok(!retail || retail.chance < (first?.chance ?? 0) * 0.6, `retail ${retail?.chance}, logistics ${first?.chance}`);
});

test('a customer with CRM is suggested Analytics first', () => {
  const { chosen } = rankSuggestions(input(facts(['CRM-01'], [{ dimension: 'industry', value: 'finance' }])));
  assert.equal(chosen[0]?.product.sku, 'ANL-01');
});

test('nothing the customer owns, and nothing marked not for suggestion, is ever suggested', () => {
  const random = mulberry32(3);
  const seen = new Set<string>();
  for (const customer of customers.slice(0, 300)) {
    const owned = [...customer.products];
    const segments: Segment[] = customer.segments.industry ? [{ dimension: 'industry', value: customer.segments.industry }] : [];
    const ranking = rankSuggestions(input(facts(owned, segments, { 'INT-01': random() < 0.5 ? 50_000 : 0 }), { limit: 10 }));
    for (const suggestion of ranking.chosen) {
      seen.add(suggestion.product.sku);
      assert.ok(!owned.includes(suggestion.product.sku), `suggested ${suggestion.product.sku}, which the customer owns`);
      assert.notEqual(suggestion.product.sku, 'SUP-01');
    }
    for (const sku of owned) assert.equal(ranking.excluded.find((e) => e.sku === sku)?.reason, 'owned');
    if (!owned.includes('SUP-01')) assert.equal(ranking.excluded.find((e) => e.sku === 'SUP-01')?.reason, 'not-for-suggestion');
  }
  assert.ok(seen.has('PAY-01') && seen.has('ANL-01'));
});

test('ranked by chance x change in predicted value, at most the limit, the rest below the limit', () => {
  const ranking = rankSuggestions(input(facts(['INV-01', 'CRM-01'], []), { limit: 1 }));
  assert.equal(ranking.chosen.length, 1);
  const [first] = ranking.chosen;
  assert.equal(first?.expectedBenefit, Math.round((first?.chance ?? 0) * (first?.value.change ?? 0)));
  const all = rankSuggestions(input(facts(['INV-01', 'CRM-01'], []), { limit: 10 })).chosen;
  assert.deepEqual(all.map((s) => s.expectedBenefit), [...all.map((s) => s.expectedBenefit)].sort((a, b) => b - a));
  for (const rest of all.slice(1)) assert.equal(ranking.excluded.find((e) => e.sku === rest.product.sku)?.reason, 'below-the-limit');
  assert.equal(rankSuggestions(input(facts(['INV-01'], []), { limit: 0 })).chosen.length, 0);
});

test('the projected effect equals the predicted value recomputed with the product in the basket', () => {
  const { chosen } = rankSuggestions(input(facts(['CRM-01'], [])));
  const analytics = chosen.find((s) => s.product.sku === 'ANL-01');
  assert.ok(analytics && analytics.value.model === 'bg-nbd+gamma-gamma');
  if (analytics?.value.model !== 'bg-nbd+gamma-gamma') return;
  const share = 240 / 400;
  const settings = { purchase: MODEL.purchase, row: MODEL.row, horizonMonths: MODEL.horizonMonths, annualDiscountRate: MODEL.annualDiscountRate };
  const before = Math.round(predictedValue({ ...settings, spendPerPurchase: MODEL.spendPerPurchase }).discountedValue);
  const after = Math.round(predictedValue({ ...settings, spendPerPurchase: MODEL.spendPerPurchase + 14900 * share }).discountedValue);
  assert.deepEqual([analytics.value.before, analytics.value.after, analytics.value.change], [before, after, after - before]);
  assert.equal(analytics.value.inputs.share, share);
  assert.equal(analytics.loyaltyChange.addedPerPurchase, 14900 * share);
  assert.deepEqual(orderValueChange(MODEL, { price: 14900, share }), analytics.value);
});

test('an upgrade is suggested when the spend on the smaller volume reaches its price, and not otherwise', () => {
  const worth = rankSuggestions(input(facts(['INT-01'], [], { 'INT-01': 19_900 }), { limit: 10 }));
  const upsell = worth.chosen.find((s) => s.product.sku === 'INT-10');
  assert.equal(upsell?.kind, 'upsell');
  assert.deepEqual(upsell?.replaces, { sku: 'INT-01', name: 'Integrations pack' });
  assert.equal(upsell?.explanation.kind, 'upgrade');
  if (upsell?.explanation.kind === 'upgrade') {
    assert.deepEqual([upsell.explanation.basis, upsell.explanation.spendLast12Months, upsell.explanation.threshold], ['volume', 19_900, 19_900]);
  }
  // The difference in price joins the customer's own share of purchases with the smaller volume.
  assert.deepEqual(upsell?.value, orderValueChange(MODEL, { price: 19_900 - 2900, share: 0.5 }));
  const notWorth = rankSuggestions(input(facts(['INT-01'], [], { 'INT-01': 19_899 }), { limit: 10 }));
  assert.equal(notWorth.excluded.find((e) => e.sku === 'INT-10')?.reason, 'not-worth-it');
});

test('a higher plan is valued with the subscription model and needs the yearly difference spent on top of the plan', () => {
  const plans = [product('starter', 'Starter', 2900, { upgradeTo: 'growth' }), product('growth', 'Growth', 9900)];
  const planCustomers: CustomerProducts[] = Array.from({ length: 20 }, (_, i) => ({ segments: {}, products: i < 5 ? ['starter', 'growth'] : ['starter'] }));
  const customer: CustomerFacts = { ...facts([], []), owned: new Set(['starter']), activePlans: new Set(['starter']), orderSpendLast12Months: 12 * 7000 };
  const subscription = { mrr: 2900, expectedDiscountedPayments: 8.5, horizonMonths: 12, annualDiscountRate: 0.1 };
  const ranking = rankSuggestions({ ...input(customer), catalogue: plans, adoption: countAdoption(planCustomers), subscription });
  const growth = ranking.chosen[0];
  assert.equal(growth?.product.sku, 'growth');
  assert.deepEqual(growth?.value, subscriptionValueChange(subscription, 9900));
  assert.equal(growth?.chance, 5 / 20);
  const short = rankSuggestions({ ...input({ ...customer, orderSpendLast12Months: 12 * 7000 - 1 }), catalogue: plans, adoption: countAdoption(planCustomers), subscription });
  assert.equal(short.excluded.find((e) => e.sku === 'growth')?.reason, 'not-worth-it');
});

test('without a prediction nothing can be valued, so nothing is suggested', () => {
  const ranking = rankSuggestions(input(facts(['INV-01'], []), { orders: null }));
  assert.equal(ranking.chosen.length, 0);
  assert.equal(ranking.excluded.find((e) => e.sku === 'PAY-01')?.reason, 'no-gain');
});
