/**
 * Ranking suggestions for one customer: pure, from the tenant's co-adoption counts, its catalogue and
 * the customer's own facts and models.
 *
 * - Cross-sell: a catalogue product the customer does not own, whose chance given a product they own
 *   (co-adoption weighted towards their segments, shared/suggestions/adoption.ts) is above its base rate
 *   (lift > 1) on at least MIN_CUSTOMERS_WITH_BOTH customers owning both. The owned product giving the
 *   highest chance is the one the explanation names.
 * - Upsell: the catalogue's `upgradeTo` of something the customer has, when their spend makes it worth
 *   it: a larger volume when they spent at least its price on the smaller one in the last 12 months; a
 *   higher plan (an active subscription's plan) when they spent at least the yearly difference in orders on
 *   top of their plan. Its chance is the share of peers with both, so one no peer took scores nothing.
 * - Each is valued by the change in the customer's predicted value (orders) or subscription value (plans),
 *   shared/suggestions/effect.ts; the expected benefit is chance x change, and the `limit` best are kept.
 * Products the customer owns and products marked `suggest: false` are never suggested.
 */
import type { Effect, ExclusionReason, Explanation, VendorSuggestion } from '../schemas/suggestions.ts';
import { association, MIN_CUSTOMERS_WITH_BOTH, peerShare, SEGMENT_WEIGHT, type AdoptionCounts, type Association, type Segment } from './adoption.ts';
import { orderValueChange, subscriptionValueChange, type LoyaltyChange, type OrderValueModel, type SubscriptionValueModel } from './effect.ts';

export interface CatalogueProduct {
  sku: string;
  name: string;
  category: string | null;
  price: number;
  margin: number | null;
  url: string | null;
  suggest: boolean;
  upgradeTo: string | null;
}

/** Over a product's owners from the day each first bought it: their purchase days, and those with the product. */
export interface ProductUsage {
  owners: number;
  ownerPurchaseDays: number;
  purchaseDays: number;
}

export interface CustomerFacts {
  segments: readonly Segment[];
  /** Skus bought in a kept order, and plans ever subscribed to. */
  owned: ReadonlySet<string>;
  /** Plans of the customer's running subscriptions. */
  activePlans: ReadonlySet<string>;
  /** Per sku bought: spend on it in the last 12 months (minor units). */
  productSpendLast12Months: ReadonlyMap<string, number>;
  /** Per sku bought: the share of the customer's purchase days, from the first with it, that include it. */
  productShare: ReadonlyMap<string, number>;
  /** Kept orders in the last 12 months (minor units). */
  orderSpendLast12Months: number;
}

export interface RankInput {
  customer: CustomerFacts;
  catalogue: readonly CatalogueProduct[];
  adoption: AdoptionCounts;
  usage: ReadonlyMap<string, ProductUsage>;
  /** The customer's order models, or null before they are scored. */
  orders: OrderValueModel | null;
  /** The customer's running subscription and its model, or null. */
  subscription: SubscriptionValueModel | null;
  limit: number;
}

export interface RankedSuggestion {
  kind: 'cross-sell' | 'upsell';
  product: CatalogueProduct;
  replaces: { sku: string; name: string } | null;
  chance: number;
  expectedBenefit: number;
  explanation: Explanation;
  value: Effect['value'];
  why: VendorSuggestion['why'];
  /** What taking it changes in the loyalty inputs, for `loyaltyEffect`. */
  loyaltyChange: LoyaltyChange;
}

export interface Ranking {
  chosen: RankedSuggestion[];
  excluded: Array<{ sku: string; name: string; reason: ExclusionReason }>;
}

const MONTHS_PER_YEAR = 12;

function why(input: RankInput, antecedent: CatalogueProduct | { sku: string; name: string }, product: CatalogueProduct, found: Association, expectedBenefit: number): VendorSuggestion['why'] {
  const { adoption, customer } = input;
  const evidence = [null, ...customer.segments].map((segment) => ({
    segment,
    customers: adoption.get(segment),
    customersWithAntecedent: adoption.get(segment, antecedent.sku),
    customersWithProduct: adoption.get(segment, product.sku),
    customersWithBoth: adoption.get(segment, antecedent.sku, product.sku),
  }));
  return {
    antecedent: { sku: antecedent.sku, name: antecedent.name },
    evidence,
    segmentWeight: SEGMENT_WEIGHT,
    chance: found.chance,
    baseRate: found.baseRate,
    lift: found.lift,
    margin: product.margin,
    expectedMargin: product.margin === null ? null : Math.round(product.margin * expectedBenefit),
  };
}

function crossSell(input: RankInput, product: CatalogueProduct, names: ReadonlyMap<string, string>): RankedSuggestion | ExclusionReason {
  const { customer, adoption, usage, orders } = input;
  let best: Association | null = null;
  for (const owned of [...customer.owned].sort()) {
    const found = association(adoption, customer.segments, owned, product.sku);
    if (found.customersWithBoth < MIN_CUSTOMERS_WITH_BOTH || !(found.lift > 1)) continue;
    if (!best || found.chance > best.chance || (found.chance === best.chance && found.customersWithBoth > best.customersWithBoth)) best = found;
  }
  if (!best) return 'no-association';
  const used = usage.get(product.sku);
  if (!orders || !used || used.ownerPurchaseDays === 0) return 'no-gain';
  const value = orderValueChange(orders, { price: product.price, share: used.purchaseDays / used.ownerPurchaseDays });
  const expectedBenefit = Math.round(best.chance * value.change);
  if (!(expectedBenefit > 0)) return 'no-gain';
  const antecedent = { sku: best.antecedent, name: names.get(best.antecedent) ?? best.antecedent };
  const peers = peerShare(adoption, customer.segments, antecedent, product.sku);
  if (!peers) return 'no-association';
  return {
    kind: 'cross-sell',
    product,
    replaces: null,
    chance: best.chance,
    expectedBenefit,
    explanation: { kind: 'co-adoption', ...peers },
    value,
    why: why(input, antecedent, product, best, expectedBenefit),
    loyaltyChange: { addedPerPurchase: value.inputs.addedPerPurchase, newProduct: true },
  };
}

function upsell(input: RankInput, from: CatalogueProduct, product: CatalogueProduct): RankedSuggestion | ExclusionReason {
  const { customer, adoption, orders, subscription } = input;
  const isPlan = customer.activePlans.has(from.sku);
  const difference = product.price - from.price;
  if (!(difference > 0)) return 'no-gain';
  const spendLast12Months = isPlan ? customer.orderSpendLast12Months : (customer.productSpendLast12Months.get(from.sku) ?? 0);
  const threshold = isPlan ? MONTHS_PER_YEAR * difference : product.price;
  if (spendLast12Months < threshold) return 'not-worth-it';
  let value: Effect['value'];
  let loyaltyChange: LoyaltyChange;
  if (isPlan) {
    if (!subscription) return 'no-gain';
    value = subscriptionValueChange(subscription, subscription.mrr + difference);
    // A plan is paid by the subscription, not in orders: the pace of orders and the products bought stay.
    loyaltyChange = { addedPerPurchase: 0, newProduct: false };
  } else {
    if (!orders) return 'no-gain';
    value = orderValueChange(orders, { price: difference, share: customer.productShare.get(from.sku) ?? 0 });
    loyaltyChange = { addedPerPurchase: value.inputs.addedPerPurchase, newProduct: true };
  }
  const found = association(adoption, customer.segments, from.sku, product.sku);
  const expectedBenefit = Math.round(found.chance * value.change);
  if (!(expectedBenefit > 0)) return value.change > 0 ? 'no-association' : 'no-gain';
  const peers = peerShare(adoption, customer.segments, { sku: from.sku, name: from.name }, product.sku);
  return {
    kind: 'upsell',
    product,
    replaces: { sku: from.sku, name: from.name },
    chance: found.chance,
    expectedBenefit,
    explanation: {
      kind: 'upgrade',
      basis: isPlan ? 'plan' : 'volume',
      from: { sku: from.sku, name: from.name },
      spendLast12Months: Math.round(spendLast12Months),
      threshold,
      peers: peers && peers.customersWithBoth > 0 ? peers : null,
    },
    value,
    why: why(input, from, product, found, expectedBenefit),
    loyaltyChange,
  };
}

/** The order of the ranking: expected benefit, then chance, then sku (so equal inputs give equal answers). */
function better(a: RankedSuggestion, b: RankedSuggestion): number {
  return b.expectedBenefit - a.expectedBenefit || b.chance - a.chance || (a.product.sku < b.product.sku ? -1 : a.product.sku > b.product.sku ? 1 : 0);
}

export function rankSuggestions(input: RankInput): Ranking {
  const { customer, catalogue, limit } = input;
  const bySku = new Map(catalogue.map((product) => [product.sku, product]));
  const names = new Map(catalogue.map((product) => [product.sku, product.name]));
  const excluded = new Map<string, ExclusionReason>();
  const found = new Map<string, RankedSuggestion>();
  const keep = (sku: string, outcome: RankedSuggestion | ExclusionReason) => {
    if (typeof outcome === 'string') {
      if (!found.has(sku) && !excluded.has(sku)) excluded.set(sku, outcome);
      return;
    }
    const earlier = found.get(sku);
    if (!earlier || better(outcome, earlier) < 0) found.set(sku, outcome);
    excluded.delete(sku);
  };

  const candidates = catalogue.filter((product) => {
    if (customer.owned.has(product.sku)) excluded.set(product.sku, 'owned');
    else if (!product.suggest) excluded.set(product.sku, 'not-for-suggestion');
    else return true;
    return false;
  });
  const candidateSkus = new Set(candidates.map((product) => product.sku));

  // The upgrade of something the customer has replaces it: it is an upsell or nothing, never added on top.
  const upgrades = new Set<string>();
  for (const sku of [...customer.owned].sort()) {
    const from = bySku.get(sku);
    const to = from?.upgradeTo ? bySku.get(from.upgradeTo) : undefined;
    if (!from || !to || !candidateSkus.has(to.sku)) continue;
    if (!customer.activePlans.has(sku) && !customer.productSpendLast12Months.has(sku)) continue;
    upgrades.add(to.sku);
    keep(to.sku, upsell(input, from, to));
  }
  for (const product of candidates) if (!upgrades.has(product.sku)) keep(product.sku, crossSell(input, product, names));

  const ranked = [...found.values()].sort(better);
  const chosen = ranked.slice(0, Math.max(0, limit));
  for (const suggestion of ranked.slice(chosen.length)) excluded.set(suggestion.product.sku, 'below-the-limit');
  return {
    chosen,
    excluded: catalogue.filter((product) => excluded.has(product.sku)).map((product) => ({ sku: product.sku, name: product.name, reason: excluded.get(product.sku) ?? 'no-association' })),
  };
}
