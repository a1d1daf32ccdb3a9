import type { Queryable } from './connect.ts';
import type { BatchResult } from '../../shared/schemas/common.ts';
import type { AcquisitionSpendInput } from '../../shared/schemas/acquisition-spend.ts';

/** Upserts a batch of acquisition spend records by externalId in one statement; see upsertCustomers for the rules. */
export async function upsertAcquisitionSpend(sql: Queryable, tenantId: string, items: AcquisitionSpendInput[]): Promise<BatchResult> {
  const [counts] = await sql<{ inserted: number; updated: number }[]>`
    with upserted as (
      insert into acquisition_spend as a (tenant_id, external_id, channel, period_start, period_end, amount)
      select ${tenantId}, input.* from unnest(
        ${items.map((item) => item.externalId)}::text[],
        ${items.map((item) => item.channel)}::text[],
        ${items.map((item) => item.periodStart)}::date[],
        ${items.map((item) => item.periodEnd)}::date[],
        ${items.map((item) => item.amount)}::bigint[]
      ) as input
      on conflict (tenant_id, external_id) do update set
        channel = excluded.channel, period_start = excluded.period_start, period_end = excluded.period_end,
        amount = excluded.amount, updated_at = now()
      where (a.channel, a.period_start, a.period_end, a.amount)
        is distinct from (excluded.channel, excluded.period_start, excluded.period_end, excluded.amount)
      returning (xmax = 0) as inserted
    )
    select (count(*) filter (where inserted))::int as inserted, (count(*) filter (where not inserted))::int as updated
    from upserted`;
  const inserted = counts?.inserted ?? 0;
  const updated = counts?.updated ?? 0;
  return { inserted, updated, unchanged: items.length - inserted - updated };
}
