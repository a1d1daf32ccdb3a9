import type { Queryable } from './connect.ts';
import type { BatchResult } from '../../shared/schemas/common.ts';
import type { ProductInput } from '../../shared/schemas/products.ts';
import type { CatalogueProduct } from '../../shared/suggestions/rank.ts';

/** Upserts a batch of products by sku in one statement; see upsertCustomers for the rules. */
export async function upsertProducts(sql: Queryable, tenantId: string, items: ProductInput[]): Promise<BatchResult> {
  const column = <T>(pick: (item: ProductInput) => T) => items.map(pick);
  const [counts] = await sql<{ inserted: number; updated: number }[]>`
    with upserted as (
      insert into products as p (tenant_id, external_id, name, category, price, margin, url, suggest, upgrade_to)
      select ${tenantId}, input.* from unnest(
        ${column((item) => item.sku)}::text[], ${column((item) => item.name)}::text[], ${column((item) => item.category ?? null)}::text[],
        ${column((item) => item.price)}::bigint[], ${column((item) => item.margin ?? null)}::float8[], ${column((item) => item.url ?? null)}::text[],
        ${column((item) => String(item.suggest))}::text[]::boolean[], ${column((item) => item.upgradeTo ?? null)}::text[]
      ) as input
      on conflict (tenant_id, external_id) do update set
        name = excluded.name, category = excluded.category, price = excluded.price, margin = excluded.margin,
        url = excluded.url, suggest = excluded.suggest, upgrade_to = excluded.upgrade_to, updated_at = now()
      where (p.name, p.category, p.price, p.margin, p.url, p.suggest, p.upgrade_to)
        is distinct from (excluded.name, excluded.category, excluded.price, excluded.margin, excluded.url, excluded.suggest, excluded.upgrade_to)
      returning (xmax = 0) as inserted
    )
    select (count(*) filter (where inserted))::int as inserted, (count(*) filter (where not inserted))::int as updated
    from upserted`;
  const inserted = counts?.inserted ?? 0;
  const updated = counts?.updated ?? 0;
  return { inserted, updated, unchanged: items.length - inserted - updated };
}

/** The skus among `skus` that are in the tenant's catalogue. */
export async function existingSkus(sql: Queryable, tenantId: string, skus: string[]): Promise<Set<string>> {
  if (skus.length === 0) return new Set();
  const rows = await sql<{ sku: string }[]>`
    select external_id as sku from products where tenant_id = ${tenantId} and external_id = any(${skus}::text[])`;
  return new Set(rows.map((row) => row.sku));
}

export async function hasCatalogue(sql: Queryable, tenantId: string): Promise<boolean> {
  const [row] = await sql`select 1 from products where tenant_id = ${tenantId} limit 1`;
  return Boolean(row);
}

export async function readCatalogue(sql: Queryable, tenantId: string): Promise<CatalogueProduct[]> {
  return sql<CatalogueProduct[]>`
    select external_id as sku, name, category, price::float8 as price, margin, url, suggest, upgrade_to as "upgradeTo"
    from products where tenant_id = ${tenantId} order by external_id`;
}
