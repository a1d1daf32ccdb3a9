/**
 * Item-to-item co-adoption (the association rules of Agrawal, Imielinski & Swami 1993, on customers
 * rather than baskets): for products A and B, the confidence of A -> B is the share of customers owning A
 * who own B too, and its lift that confidence over the share of all customers who own B. Counts are kept
 * for all customers and for each segment (industry, size, plan), so that a customer's peers can be
 * weighted towards their own segment: a peer counts once, plus `SEGMENT_WEIGHT` for every segment the two
 * share (a peer of the same industry, size and plan counts 7 times).
 */
import { SEGMENT_DIMENSIONS, type PeerShare, type SegmentDimension } from '../schemas/suggestions.ts';

export const SEGMENT_WEIGHT = 2;
/** A pair owned by fewer customers than this is not evidence of anything. */
export const MIN_CUSTOMERS_WITH_BOTH = 3;
/** A segment is quoted in an explanation only when this many of its customers own the antecedent. */
export const MIN_SEGMENT_CUSTOMERS = 5;

export type Dimension = 'all' | SegmentDimension;

export interface Segment {
  dimension: SegmentDimension;
  value: string;
}

export interface AdoptionRow {
  dimension: Dimension;
  /** '' for dimension 'all'. */
  segment: string;
  /** '' for the count of customers owning any product. */
  antecedent: string;
  /** '' for the count of customers owning the antecedent. */
  consequent: string;
  customers: number;
}

export interface CustomerProducts {
  segments: Partial<Record<SegmentDimension, string | null>>;
  products: Iterable<string>;
}

const key = (dimension: Dimension, segment: string, antecedent: string, consequent: string) => `${dimension}\u0000${segment}\u0000${antecedent}\u0000${consequent}`;

/** The counts of a tenant, looked up by segment and products; missing entries are 0. */
export class AdoptionCounts {
  private readonly counts = new Map<string, number>();

  constructor(rows: Iterable<AdoptionRow> = []) {
    for (const row of rows) this.add(row.dimension, row.segment, row.antecedent, row.consequent, row.customers);
  }

  add(dimension: Dimension, segment: string, antecedent: string, consequent: string, customers = 1): void {
    const k = key(dimension, segment, antecedent, consequent);
    this.counts.set(k, (this.counts.get(k) ?? 0) + customers);
  }

  /** Customers of the segment (null: all) owning both products, one product (b = ''), or any (both ''). */
  get(segment: Segment | null, a = '', b = ''): number {
    return this.counts.get(key(segment?.dimension ?? 'all', segment?.value ?? '', a, b)) ?? 0;
  }

  rows(): AdoptionRow[] {
    return [...this.counts].map(([k, customers]) => {
      const [dimension, segment, antecedent, consequent] = k.split('\u0000') as [Dimension, string, string, string];
      return { dimension, segment, antecedent, consequent, customers };
    });
  }
}

/** Counts customers by segment: owning any product, each product, and each ordered pair of distinct products. */
export function countAdoption(customers: Iterable<CustomerProducts>): AdoptionCounts {
  const counts = new AdoptionCounts();
  for (const customer of customers) {
    const products = [...new Set(customer.products)];
    if (products.length === 0) continue;
    const segments: Array<[Dimension, string]> = [['all', '']];
    for (const dimension of SEGMENT_DIMENSIONS) {
      const value = customer.segments[dimension];
      if (value) segments.push([dimension, value]);
    }
    for (const [dimension, segment] of segments) {
      counts.add(dimension, segment, '', '');
      for (const a of products) {
        counts.add(dimension, segment, a, '');
        for (const b of products) if (a !== b) counts.add(dimension, segment, a, b);
      }
    }
  }
  return counts;
}

export interface Association {
  antecedent: string;
  consequent: string;
  /** Weighted customers owning both / weighted customers owning the antecedent. */
  chance: number;
  /** Weighted customers owning the consequent / weighted customers owning any product. */
  baseRate: number;
  lift: number;
  customersWithBoth: number;
}

/**
 * The chance that a customer of these segments who owns `antecedent` owns `consequent`, with every
 * peer weighted 1 + SEGMENT_WEIGHT x (segments shared with the customer).
 */
export function association(counts: AdoptionCounts, segments: readonly Segment[], antecedent: string, consequent: string): Association {
  const weighted = (a: string, b: string) => segments.reduce((sum, segment) => sum + SEGMENT_WEIGHT * counts.get(segment, a, b), counts.get(null, a, b));
  const withAntecedent = weighted(antecedent, '');
  const chance = withAntecedent > 0 ? weighted(antecedent, consequent) / withAntecedent : 0;
  const everyone = weighted('', '');
  const baseRate = everyone > 0 ? weighted(consequent, '') / everyone : 0;
  return { antecedent, consequent, chance, baseRate, lift: baseRate > 0 ? chance / baseRate : 0, customersWithBoth: counts.get(null, antecedent, consequent) };
}

/**
 * The peers an explanation quotes: the customer's segment where the share is highest among those with
 * at least MIN_SEGMENT_CUSTOMERS owning the antecedent, else all customers. Every number is a plain count,
 * so the sentence can be checked.
 */
export function peerShare(counts: AdoptionCounts, segments: readonly Segment[], antecedent: { sku: string; name: string }, consequent: string): PeerShare | null {
  const shareIn = (segment: Segment | null): PeerShare | null => {
    const withAntecedent = counts.get(segment, antecedent.sku);
    if (withAntecedent === 0) return null;
    const withBoth = counts.get(segment, antecedent.sku, consequent);
    return { segment, antecedent, customersWithAntecedent: withAntecedent, customersWithBoth: withBoth, share: withBoth / withAntecedent };
  };
  let best = shareIn(null);
  for (const segment of segments) {
    const candidate = shareIn(segment);
    if (candidate && candidate.customersWithAntecedent >= MIN_SEGMENT_CUSTOMERS && candidate.share > (best?.share ?? -1)) best = candidate;
  }
  return best;
}
