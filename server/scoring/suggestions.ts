/**
 * Suggestions (issue 5) on the server: the scoring run learns the tenant's co-adoption model (the part
 * that reads every order), and one customer's suggestions are ranked when read, from that model, the
 * catalogue and the customer's own orders, scores and loyalty inputs.
 *
 * Why on read: a ranking costs one customer's rows, the ranking of a few candidates and two loyalty
 * evaluations per suggestion shown (a few milliseconds), and depends on things that change without a
 * refit: the catalogue, the program, the customer's new orders (rescored at once) and the date (tier
 * projections move daily). Stored rankings would have to be invalidated on each of those.
 */
import type { Queryable } from '../db/connect.ts';
import { findTenant } from '../db/tenant-repository.ts';
import { hasCatalogue, readCatalogue } from '../db/product-repository.ts';
import { currentProgram, readLoyaltyInputs } from '../db/loyalty-repository.ts';
import {
  readAdoptionFor,
  readCustomerPurchases,
  readOwnedProducts,
  readProductUsage,
  readSubscriptionScore,
  readUsage,
  suggestionModelLearnedAt,
  writeSuggestionModel,
  type CustomerPurchases,
} from '../db/suggestion-repository.ts';
import { AdoptionCounts, countAdoption, type Segment } from '../../shared/suggestions/adoption.ts';
import { loyaltyEffect, type OrderValueModel, type SubscriptionValueModel } from '../../shared/suggestions/effect.ts';
import { rankSuggestions, type CustomerFacts } from '../../shared/suggestions/rank.ts';
import { evaluateCustomer } from '../../shared/loyalty/evaluate.ts';
import { isoDate, localDay } from '../../shared/loyalty/calendar.ts';
import { valueOn, type Contribution } from '../../shared/loyalty/window.ts';
import { isAllowedProductUrl } from '../../shared/suggestions/links.ts';
import { SEGMENT_DIMENSIONS, type CustomerSuggestions, type VendorSuggestion, type VendorSuggestions } from '../../shared/schemas/suggestions.ts';
import type { WhatIfInputs } from '../../shared/schemas/what-if.ts';
import { withTenant } from '../db/tenant-scope.ts';

const LAST_12_MONTHS = 12;

/**
 * Learns the tenant's co-adoption model from what every customer owns as of `asOf`; skipped (null) for a
 * tenant without a catalogue, which has nothing to suggest.
 */
export async function learnSuggestionModel(sql: Queryable, tenantId: string, asOf: Date): Promise<{ customers: number; rows: number } | null> {
  const tenant = await findTenant(sql, tenantId);
  if (!tenant || !(await hasCatalogue(sql, tenantId))) return null;
  const owned = await readOwnedProducts(sql, tenantId, asOf);
  const adoption = countAdoption(owned).rows();
  const usage = await readProductUsage(sql, tenantId, asOf, tenant.timeZone);
  await withTenant(sql, tenantId, (tx) => writeSuggestionModel(tx, tenantId, asOf, { adoption, usage, customers: owned.length }));
  return { customers: owned.length, rows: adoption.length };
}

/** The customer's side of the ranking, from their own kept orders and plans as of `today`. */
export function customerFacts(purchases: CustomerPurchases, today: number): CustomerFacts {
  const segments: Segment[] = [];
  for (const dimension of SEGMENT_DIMENSIONS) {
    const value = purchases[dimension];
    if (value) segments.push({ dimension, value });
  }
  const spend = new Map<string, Contribution[]>();
  const days = new Map<string, Set<number>>();
  const purchaseDays = [...new Set(purchases.orders.map((order) => order.day))].sort((a, b) => a - b);
  for (const order of purchases.orders) {
    for (const item of order.items) {
      const contributions = spend.get(item.sku) ?? [];
      contributions.push({ day: order.day, value: item.amount });
      spend.set(item.sku, contributions);
      days.set(item.sku, (days.get(item.sku) ?? new Set<number>()).add(order.day));
    }
  }
  const productSpendLast12Months = new Map([...spend].map(([sku, contributions]) => [sku, valueOn(contributions, today, LAST_12_MONTHS)]));
  const productShare = new Map(
    [...days].map(([sku, withProduct]) => {
      const first = Math.min(...withProduct);
      return [sku, withProduct.size / purchaseDays.filter((day) => day >= first).length];
    }),
  );
  return {
    segments,
    owned: new Set([...spend.keys(), ...purchases.plans]),
    activePlans: new Set(purchases.activePlans),
    productSpendLast12Months,
    productShare,
    orderSpendLast12Months: valueOn(purchases.orders.map((order) => ({ day: order.day, value: order.amount })), today, LAST_12_MONTHS),
  };
}

/**
 * One customer's suggestions, ranked now: the vendor's view (with why each was chosen and why the other
 * products were not), or null when the tenant has no such customer.
 */
export async function vendorSuggestions(sql: Queryable, tenantId: string, customerId: string, asOf: Date): Promise<VendorSuggestions | null> {
  const tenant = await findTenant(sql, tenantId);
  if (!tenant) return null;
  const purchases = await readCustomerPurchases(sql, tenantId, customerId, asOf, tenant.timeZone);
  if (!purchases) return null;
  const program = await currentProgram(sql, tenantId, tenant.currency.trim());
  const limit = program.program.suggestions.limit;
  const today = localDay(asOf, tenant.timeZone);
  const facts = customerFacts(purchases, today);
  const learnedAt = await suggestionModelLearnedAt(sql, tenantId);
  const base = {
    customerId,
    computedAt: asOf.toISOString(),
    learnedAt: learnedAt?.toISOString() ?? null,
    limit,
    segments: [...facts.segments],
    owned: [...facts.owned].sort(),
  };
  if (!learnedAt) return { ...base, status: 'not-learned', items: [], excluded: [] };

  const owned = [...facts.owned];
  const [catalogue, adoption, usage, loyaltyInputs, subscriptionScore] = await Promise.all([
    readCatalogue(sql, tenantId),
    readAdoptionFor(sql, tenantId, facts.segments, owned),
    readUsage(sql, tenantId),
    readLoyaltyInputs(sql, tenantId, [customerId], { asOf, timeZone: tenant.timeZone, program: program.program }),
    readSubscriptionScore(sql, tenantId, customerId),
  ]);
  const inputs = loyaltyInputs.get(customerId);
  const settings = { horizonMonths: tenant.horizonMonths, annualDiscountRate: tenant.annualDiscountRate };
  const orders: OrderValueModel | null = inputs?.score
    ? { purchase: inputs.score.params, row: inputs.score.row, spendPerPurchase: inputs.score.spendPerPurchase, ...settings }
    : null;
  const subscription: SubscriptionValueModel | null = subscriptionScore
    ? { mrr: subscriptionScore.mrr, expectedDiscountedPayments: subscriptionScore.expectedValue / subscriptionScore.mrr, ...settings }
    : null;
  const ranking = rankSuggestions({ customer: facts, catalogue, adoption: new AdoptionCounts(adoption), usage, orders, subscription, limit });

  const context = { program: program.program, programVersion: program.version, timeZone: tenant.timeZone, currency: tenant.currency.trim(), asOf };
  const evaluation = inputs && ranking.chosen.length > 0 ? evaluateCustomer(inputs, context) : null;
  const items = ranking.chosen.map((suggestion, index): VendorSuggestion => {
    const loyalty = inputs && evaluation ? loyaltyEffect(inputs, context, suggestion.loyaltyChange, evaluation) : { nextTier: null, milestones: [] };
    const { product } = suggestion;
    return {
      rank: index + 1,
      kind: suggestion.kind,
      product: {
        sku: product.sku,
        name: product.name,
        category: product.category,
        price: product.price,
        // Checked when written; checked again so that no other link ever reaches a customer.
        url: product.url !== null && isAllowedProductUrl(product.url) ? product.url : null,
      },
      replaces: suggestion.replaces,
      chance: suggestion.chance,
      expectedBenefit: suggestion.expectedBenefit,
      explanation: suggestion.explanation,
      effect: { value: suggestion.value, ...loyalty },
      why: suggestion.why,
    };
  });
  return { ...base, status: orders || subscription ? 'ready' : 'not-scored', items, excluded: ranking.excluded };
}

/**
 * The customer's copy for `GET /v1/me`: the ranked suggestions without the vendor's reasons; undefined
 * when the tenant has no catalogue (nothing to suggest, and nothing to show).
 */
export async function customerSuggestions(sql: Queryable, tenantId: string, customerId: string, asOf: Date): Promise<CustomerSuggestions | undefined> {
  if (!(await hasCatalogue(sql, tenantId))) return undefined;
  const view = await vendorSuggestions(sql, tenantId, customerId, asOf);
  if (!view) return undefined;
  const { status, computedAt, learnedAt, limit } = view;
  return { status, computedAt, learnedAt, limit, items: view.items.map(({ why: _vendorOnly, ...item }) => item) };
}

/**
 * The inputs of the widget's what-if simulator (`GET /v1/me/what-if`): the customer's model inputs and
 * loyalty inputs as read here, and the products they could add with the share of purchases each would
 * join. P(alive) is left out for customers when the vendor does not disclose it. Null without such customer.
 */
export async function whatIfInputs(sql: Queryable, tenantId: string, customerId: string, asOf: Date, audience: 'customer' | 'vendor'): Promise<WhatIfInputs | null> {
  const tenant = await findTenant(sql, tenantId);
  if (!tenant) return null;
  const purchases = await readCustomerPurchases(sql, tenantId, customerId, asOf, tenant.timeZone);
  if (!purchases) return null;
  const program = await currentProgram(sql, tenantId, tenant.currency.trim());
  const [catalogue, usage, loyaltyInputs] = await Promise.all([
    readCatalogue(sql, tenantId),
    readUsage(sql, tenantId),
    readLoyaltyInputs(sql, tenantId, [customerId], { asOf, timeZone: tenant.timeZone, program: program.program }),
  ]);
  const inputs = loyaltyInputs.get(customerId);
  if (!inputs) return null;
  const owned = customerFacts(purchases, localDay(asOf, tenant.timeZone)).owned;
  const { score } = inputs;
  const disclosed = audience === 'vendor' || program.program.disclosure.probabilityAlive;
  return {
    asOf: asOf.toISOString(),
    timeZone: tenant.timeZone,
    currency: tenant.currency.trim(),
    model: score ? { purchase: score.params, row: score.row, spendPerPurchase: score.spendPerPurchase, horizonMonths: tenant.horizonMonths, annualDiscountRate: tenant.annualDiscountRate } : null,
    loyalty: {
      programVersion: program.version,
      program: program.program,
      orders: inputs.orders.map((order) => ({ id: order.id, date: isoDate(order.day), amount: order.amount })),
      productFirstDates: inputs.productFirstDays.map(isoDate),
      firstNpsAnswerDate: inputs.firstNpsAnswerDay === null ? null : isoDate(inputs.firstNpsAnswerDay),
      custom: [...inputs.custom].map(([milestoneId, m]) => ({ milestoneId, reachedDate: m.reachedDay === null ? null : isoDate(m.reachedDay), progress: m.progress })),
      redemptions: inputs.redemptions.map((r) => ({ id: r.id, date: isoDate(r.day), points: r.points, note: r.note })),
      override: inputs.override ? { ...inputs.override, endsOn: isoDate(inputs.override.endsOn) } : null,
      score: score ? { scoredOn: isoDate(score.scoredOn), probabilityAlive: disclosed ? score.probabilityAlive : null, computedAt: score.computedAt } : null,
    },
    products: catalogue.flatMap((product) => {
      const used = usage.get(product.sku);
      if (!product.suggest || owned.has(product.sku) || !used || used.ownerPurchaseDays === 0) return [];
      return [{ sku: product.sku, name: product.name, price: product.price, share: used.purchaseDays / used.ownerPurchaseDays }];
    }),
  };
}
