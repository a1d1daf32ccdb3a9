/**
 * The customers re-evaluated while a scoring run of their tenant was unsettled (migration 0019): the run
 * read their data before and writes its figures after, so it evaluates them again once it has written.
 * Both functions are called in a transaction of the tenant that holds lockStandings, so that a note is
 * either committed before the run takes the backlog or made once the run is settled (and then not made).
 */
import type { Queryable } from './connect.ts';

/** Notes the customers for the tenant's unsettled runs to evaluate again; nothing when none is running. */
export async function noteForUnsettledRuns(sql: Queryable, tenantId: string, customerIds: string[]): Promise<void> {
  if (customerIds.length === 0) return;
  await sql`
    insert into scoring_backlog (tenant_id, customer_id)
    select ${tenantId}, id from unnest(${customerIds}::text[]) as id
    where exists (select from model_runs where tenant_id = ${tenantId} and settled_at is null)
    on conflict do nothing`;
}

/** Marks the run settled and takes every customer noted for the tenant's runs. */
export async function settleRun(sql: Queryable, tenantId: string, runId: number): Promise<string[]> {
  await sql`update model_runs set settled_at = now() where tenant_id = ${tenantId} and id = ${runId}`;
  const noted = await sql<{ customerId: string }[]>`delete from scoring_backlog where tenant_id = ${tenantId} returning customer_id as "customerId"`;
  return noted.map((row) => row.customerId);
}
