/**
 * Storage of the co-adoption model (what customers own, counted by segment and pair of products, and how
 * often each product is bought by its owners) and the reads one customer's suggestions need. Days are
 * day numbers of the tenant calendar, computed by the database with the tenant time zone.
 */
import type { Queryable } from './connect.ts';
import type { AdoptionRow, CustomerProducts, Segment } from '../../shared/suggestions/adoption.ts';
import type { ProductUsage } from '../../shared/suggestions/rank.ts';

/**
 * What every customer owns as of `asOf`, with their segments: the skus of their kept orders and every
 * plan they subscribed to (a plan a customer moved up from still counts: the pair is a move up).
 */
export async function readOwnedProducts(sql: Queryable, tenantId: string, asOf: Date): Promise<CustomerProducts[]> {
  const rows = await sql<{ industry: string | null; size: string | null; plan: string | null; products: string[] }[]>`
    with owned as (
      select o.customer_id, item->>'sku' as sku
      from orders o cross join lateral jsonb_array_elements(o.items) as item
      where o.tenant_id = ${tenantId} and o.status = 'paid' and o.occurred_at <= ${asOf}
      union
      select customer_id, plan from subscriptions where tenant_id = ${tenantId} and started_at <= ${asOf}
    )
    select c.industry, c.size, c.plan, array_agg(owned.sku) as products
    from owned join customers c on c.tenant_id = ${tenantId} and c.external_id = owned.customer_id
    where owned.sku is not null
    group by c.external_id, c.industry, c.size, c.plan`;
  return rows.map((row) => ({ segments: { industry: row.industry, size: row.size, plan: row.plan }, products: row.products }));
}

/** Per sku, over its owners from the day each first bought it: their purchase days, and those including it. */
export async function readProductUsage(sql: Queryable, tenantId: string, asOf: Date, timeZone: string): Promise<Array<ProductUsage & { sku: string }>> {
  return sql<Array<ProductUsage & { sku: string }>>`
    with kept as (
      select customer_id, (occurred_at at time zone ${timeZone})::date as day, items
      from orders where tenant_id = ${tenantId} and status = 'paid' and occurred_at <= ${asOf}
    ),
    purchase_days as (select distinct customer_id, day from kept),
    sku_days as (
      select distinct k.customer_id, k.day, item->>'sku' as sku
      from kept k cross join lateral jsonb_array_elements(k.items) as item
    ),
    firsts as (select customer_id, sku, min(day) as first_day, count(*) as with_days from sku_days where sku is not null group by 1, 2),
    owner_days as (
      select f.customer_id, f.sku, count(*) as days
      from firsts f join purchase_days p on p.customer_id = f.customer_id and p.day >= f.first_day
      group by 1, 2
    )
    select f.sku, count(*)::int as owners, sum(f.with_days)::int as "purchaseDays", sum(d.days)::int as "ownerPurchaseDays"
    from firsts f join owner_days d on d.customer_id = f.customer_id and d.sku = f.sku
    group by f.sku`;
}

const WRITE_CHUNK = 5_000;

/** Replaces the tenant's model whole, in the caller's transaction. */
export async function writeSuggestionModel(
  sql: Queryable,
  tenantId: string,
  learnedAt: Date,
  { adoption, usage, customers }: { adoption: AdoptionRow[]; usage: Array<ProductUsage & { sku: string }>; customers: number },
): Promise<void> {
  await sql`delete from product_adoption where tenant_id = ${tenantId}`;
  await sql`delete from product_usage where tenant_id = ${tenantId}`;
  for (let start = 0; start < adoption.length; start += WRITE_CHUNK) {
    const rows = adoption.slice(start, start + WRITE_CHUNK);
    await sql`
      insert into product_adoption (tenant_id, dimension, segment, antecedent, consequent, customers)
      select ${tenantId}, r.* from unnest(
        ${rows.map((row) => row.dimension)}::text[], ${rows.map((row) => row.segment)}::text[], ${rows.map((row) => row.antecedent)}::text[],
        ${rows.map((row) => row.consequent)}::text[], ${rows.map((row) => row.customers)}::int[]
      ) as r`;
  }
  if (usage.length > 0) {
    await sql`
      insert into product_usage (tenant_id, sku, owners, owner_purchase_days, purchase_days)
      select ${tenantId}, u.* from unnest(
        ${usage.map((row) => row.sku)}::text[], ${usage.map((row) => row.owners)}::int[],
        ${usage.map((row) => row.ownerPurchaseDays)}::int[], ${usage.map((row) => row.purchaseDays)}::int[]
      ) as u`;
  }
  await sql`
    insert into suggestion_models (tenant_id, learned_at, customers, products)
    values (${tenantId}, ${learnedAt}, ${customers}, ${usage.length})
    on conflict (tenant_id) do update set learned_at = excluded.learned_at, customers = excluded.customers, products = excluded.products`;
}

export async function suggestionModelLearnedAt(sql: Queryable, tenantId: string): Promise<Date | null> {
  const [row] = await sql<{ learnedAt: Date }[]>`select learned_at as "learnedAt" from suggestion_models where tenant_id = ${tenantId}`;
  return row?.learnedAt ?? null;
}

/**
 * The counts one customer's ranking reads: in all customers and the customer's segments, every count of
 * one product or of any product, and the pairs whose antecedent the customer owns.
 */
export async function readAdoptionFor(sql: Queryable, tenantId: string, segments: readonly Segment[], owned: string[]): Promise<AdoptionRow[]> {
  const dimensions = ['all', ...segments.map((segment) => segment.dimension)];
  const values = ['', ...segments.map((segment) => segment.value)];
  return sql<AdoptionRow[]>`
    select a.dimension, a.segment, a.antecedent, a.consequent, a.customers
    from product_adoption a
    join unnest(${dimensions}::text[], ${values}::text[]) as s (dimension, segment) on s.dimension = a.dimension and s.segment = a.segment
    where a.tenant_id = ${tenantId} and (a.consequent = '' or a.antecedent = any(${owned}::text[]))`;
}

export async function readUsage(sql: Queryable, tenantId: string): Promise<Map<string, ProductUsage>> {
  const rows = await sql<Array<ProductUsage & { sku: string }>>`
    select sku, owners, owner_purchase_days as "ownerPurchaseDays", purchase_days as "purchaseDays"
    from product_usage where tenant_id = ${tenantId}`;
  return new Map(rows.map(({ sku, ...usage }) => [sku, usage]));
}

export interface CustomerPurchases {
  industry: string | null;
  size: string | null;
  plan: string | null;
  /** Kept orders on or before asOf, oldest first. */
  orders: Array<{ day: number; amount: number; items: Array<{ sku: string; amount: number }> }>;
  /** Plans ever subscribed to, and those of the subscriptions running at asOf. */
  plans: string[];
  activePlans: string[];
}

/** One customer's segments, kept orders with their items, and plans; null when the tenant has no such customer. */
export async function readCustomerPurchases(sql: Queryable, tenantId: string, customerId: string, asOf: Date, timeZone: string): Promise<CustomerPurchases | null> {
  const [customer] = await sql<{ industry: string | null; size: string | null; plan: string | null }[]>`
    select industry, size, plan from customers where tenant_id = ${tenantId} and external_id = ${customerId}`;
  if (!customer) return null;
  const [orders, plans] = await Promise.all([
    sql<CustomerPurchases['orders']>`
      select ((occurred_at at time zone ${timeZone})::date - date '1970-01-01') as day, amount::float8 as amount, items
      from orders
      where tenant_id = ${tenantId} and customer_id = ${customerId} and status = 'paid' and occurred_at <= ${asOf}
      order by occurred_at, external_id`,
    sql<{ plan: string; active: boolean }[]>`
      select plan, bool_or(ended_at is null or ended_at > ${asOf}) as active
      from subscriptions where tenant_id = ${tenantId} and customer_id = ${customerId} and started_at <= ${asOf}
      group by plan`,
  ]);
  return {
    ...customer,
    orders: orders.map((order) => ({ day: order.day, amount: order.amount, items: order.items })),
    plans: plans.map((row) => row.plan),
    activePlans: plans.filter((row) => row.active).map((row) => row.plan),
  };
}

export interface SubscriptionScore {
  mrr: number;
  expectedValue: number;
}

/** The customer's running subscription score (MRR and expected value within the horizon), or null. */
export async function readSubscriptionScore(sql: Queryable, tenantId: string, customerId: string): Promise<SubscriptionScore | null> {
  const [row] = await sql<SubscriptionScore[]>`
    select mrr::float8 as mrr, expected_value::float8 as "expectedValue" from subscription_scores
    where tenant_id = ${tenantId} and customer_id = ${customerId} and active and mrr > 0`;
  return row ?? null;
}
