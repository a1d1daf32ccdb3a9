import type { Queryable } from './connect.ts';
import type { BatchResult } from '../../shared/schemas/common.ts';
import type { NpsResponseInput } from '../../shared/schemas/nps.ts';

/** Upserts a batch of NPS answers by externalId in one statement; see upsertCustomers for the rules. */
export async function upsertNpsResponses(sql: Queryable, tenantId: string, items: NpsResponseInput[]): Promise<BatchResult> {
  const [counts] = await sql<{ inserted: number; updated: number }[]>`
    with upserted as (
      insert into nps_responses as n (tenant_id, external_id, customer_id, score, answered_at, comment)
      select ${tenantId}, input.* from unnest(
        ${items.map((item) => item.externalId)}::text[],
        ${items.map((item) => item.customerId)}::text[],
        ${items.map((item) => item.score)}::smallint[],
        ${items.map((item) => item.answeredAt)}::timestamptz[],
        ${items.map((item) => item.comment ?? null)}::text[]
      ) as input
      on conflict (tenant_id, external_id) do update set
        customer_id = excluded.customer_id, score = excluded.score, answered_at = excluded.answered_at,
        comment = excluded.comment, updated_at = now()
      where (n.customer_id, n.score, n.answered_at, n.comment)
        is distinct from (excluded.customer_id, excluded.score, excluded.answered_at, excluded.comment)
      returning (xmax = 0) as inserted
    )
    select (count(*) filter (where inserted))::int as inserted, (count(*) filter (where not inserted))::int as updated
    from upserted`;
  const inserted = counts?.inserted ?? 0;
  const updated = counts?.updated ?? 0;
  return { inserted, updated, unchanged: items.length - inserted - updated };
}
