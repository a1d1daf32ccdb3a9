import type { Queryable } from './connect.ts';
import type { BatchResult } from '../../shared/schemas/common.ts';
import type { SubscriptionInput } from '../../shared/schemas/subscriptions.ts';

/** Upserts a batch of subscription periods by externalId in one statement; see upsertCustomers for the rules. */
export async function upsertSubscriptions(sql: Queryable, tenantId: string, items: SubscriptionInput[]): Promise<BatchResult> {
  const [counts] = await sql<{ inserted: number; updated: number }[]>`
    with upserted as (
      insert into subscriptions as s (tenant_id, external_id, customer_id, plan, mrr, started_at, ended_at)
      select ${tenantId}, input.* from unnest(
        ${items.map((item) => item.externalId)}::text[],
        ${items.map((item) => item.customerId)}::text[],
        ${items.map((item) => item.plan)}::text[],
        ${items.map((item) => item.mrr)}::bigint[],
        ${items.map((item) => item.startedAt)}::timestamptz[],
        ${items.map((item) => item.endedAt ?? null)}::timestamptz[]
      ) as input
      on conflict (tenant_id, external_id) do update set
        customer_id = excluded.customer_id, plan = excluded.plan, mrr = excluded.mrr,
        started_at = excluded.started_at, ended_at = excluded.ended_at, updated_at = now()
      where (s.customer_id, s.plan, s.mrr, s.started_at, s.ended_at)
        is distinct from (excluded.customer_id, excluded.plan, excluded.mrr, excluded.started_at, excluded.ended_at)
      returning (xmax = 0) as inserted
    )
    select (count(*) filter (where inserted))::int as inserted, (count(*) filter (where not inserted))::int as updated
    from upserted`;
  const inserted = counts?.inserted ?? 0;
  const updated = counts?.updated ?? 0;
  return { inserted, updated, unchanged: items.length - inserted - updated };
}
