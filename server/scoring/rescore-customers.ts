/**
 * Refreshes the scores of a few customers after their orders changed, with the parameters of the
 * tenant's latest run: no refit, so it costs only those customers' rows.
 */
import type { Queryable } from '../db/connect.ts';
import { withTenant } from '../db/tenant-scope.ts';
import { findTenant } from '../db/tenant-repository.ts';
import { latestSucceededRun, readPurchaseDays, writeScores } from '../db/score-repository.ts';
import { scoreRow, toRfmRows } from './score-rows.ts';
import { evaluateLoyalty } from './loyalty.ts';
import { lockStandings } from '../db/loyalty-repository.ts';

/**
 * In one transaction of the tenant: these customers' scores and loyalty change together or not at all.
 * A scoring run that is writing meanwhile notes them and evaluates them again when done (loyalty.ts).
 */
export async function rescoreCustomers(sql: Queryable, tenantId: string, customerIds: string[], asOf = new Date()): Promise<number> {
  if (customerIds.length === 0) return 0;
  return withTenant(sql, tenantId, async (tx) => {
    // Before anything is read. A run that is writing cannot settle until this commits, so it takes the note
    // made at the end; a run that settled before this started wrote nothing newer than what this reads.
    // Taken only before the standings are written, a run could settle between this read of its parameters
    // (the older ones: it was not done) and the note, and these older scores would stay.
    await lockStandings(tx, tenantId);
    const rescored = await refreshScores(tx, tenantId, customerIds, asOf);
    // Loyalty (issue 4), after the scores it projects with; tiers and points need no model, so this runs
    // even before the tenant's first scoring run.
    await evaluateLoyalty(tx, tenantId, asOf, customerIds);
    return rescored;
  });
}

async function refreshScores(sql: Queryable, tenantId: string, customerIds: string[], asOf: Date): Promise<number> {
  if (customerIds.length === 0) return 0;
  const run = await latestSucceededRun(sql, tenantId);
  const tenant = await findTenant(sql, tenantId);
  if (!run?.params || !tenant) return 0;
  const params = run.params;
  const rows = toRfmRows(await readPurchaseDays(sql, tenantId, { asOf, timeZone: tenant.timeZone, customerIds }), asOf, tenant.timeZone);
  const settings = { horizonMonths: tenant.horizonMonths, annualDiscountRate: tenant.annualDiscountRate };
  const scores = rows.map((row) => scoreRow(row, params, settings));
  const scored = new Set(rows.map((row) => row.customerId));
  const withoutPurchases = customerIds.filter((id) => !scored.has(id));
  await writeScores(sql, tenantId, run.id, asOf, scores);
  // A customer whose every order was refunded has nothing left to score.
  if (withoutPurchases.length > 0) {
    await sql`delete from customer_scores where tenant_id = ${tenantId} and customer_id = any(${withoutPurchases}::text[])`;
  }
  return scores.length;
}
