import type { Queryable } from './connect.ts';
import type { BatchResult } from '../../shared/schemas/common.ts';
import type { CustomerInput } from '../../shared/schemas/customers.ts';

/**
 * Upserts a batch of customers by externalId in one statement. A record is replaced whole (the
 * vendor's copy is the truth); a re-sent record that is identical, or older than the stored one by the
 * vendor's `updatedAt`, changes nothing and counts as unchanged. Runs inside the caller's transaction when given one.
 */
export async function upsertCustomers(sql: Queryable, tenantId: string, items: CustomerInput[]): Promise<BatchResult> {
  const column = <K extends keyof CustomerInput>(key: K) => items.map((item) => item[key] ?? null);
  const [counts] = await sql<{ inserted: number; updated: number }[]>`
    with upserted as (
      insert into customers as c (tenant_id, external_id, name, email, industry, size, plan, signed_up_at, source_updated_at)
      select ${tenantId}, input.* from unnest(
        ${column('externalId')}::text[], ${column('name')}::text[], ${column('email')}::text[],
        ${column('industry')}::text[], ${column('size')}::text[], ${column('plan')}::text[],
        ${column('signedUpAt')}::timestamptz[], ${column('updatedAt')}::timestamptz[]
      ) as input
      on conflict (tenant_id, external_id) do update set
        name = excluded.name, email = excluded.email, industry = excluded.industry, size = excluded.size,
        plan = excluded.plan, signed_up_at = excluded.signed_up_at, source_updated_at = coalesce(excluded.source_updated_at, c.source_updated_at), updated_at = now()
      where (c.name, c.email, c.industry, c.size, c.plan, c.signed_up_at, c.source_updated_at)
        is distinct from (excluded.name, excluded.email, excluded.industry, excluded.size, excluded.plan, excluded.signed_up_at,
                          coalesce(excluded.source_updated_at, c.source_updated_at))
        -- an older version of the record (by the vendor's updatedAt) never overwrites a newer one
        and coalesce(excluded.source_updated_at >= c.source_updated_at, true)
      returning (xmax = 0) as inserted
    )
    select (count(*) filter (where inserted))::int as inserted, (count(*) filter (where not inserted))::int as updated
    from upserted`;
  const inserted = counts?.inserted ?? 0;
  const updated = counts?.updated ?? 0;
  return { inserted, updated, unchanged: items.length - inserted - updated };
}

/** The externalIds among `ids` that are not customers of this tenant. */
export async function missingCustomerIds(sql: Queryable, tenantId: string, ids: string[]): Promise<Set<string>> {
  const rows = await sql<{ id: string }[]>`
    select id from unnest(${ids}::text[]) as id
    except
    select external_id from customers where tenant_id = ${tenantId} and external_id = any(${ids}::text[])`;
  return new Set(rows.map((row) => row.id));
}

export async function listCustomers(sql: Queryable, tenantId: string, limit: number) {
  return sql<{ id: string; name: string | null }[]>`
    select external_id as id, name from customers where tenant_id = ${tenantId}
    order by name nulls last, external_id limit ${limit}`;
}
