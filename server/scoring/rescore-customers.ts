/**
 * Refreshes the scores of a few customers after their orders changed, with the parameters of the
 * tenant's latest run: no refit, so it costs only those customers' rows.
 */
import type { Sql } from 'postgres';
import { findTenant } from '../db/tenant-repository.ts';
import { latestSucceededRun, readPurchaseDays, writeScores } from '../db/score-repository.ts';
import { scoreRow } from './score-rows.ts';
import { toRfmRows } from './score-tenant.ts';
import { evaluateLoyalty } from './loyalty.ts';

export async function rescoreCustomers(sql: Sql, tenantId: string, customerIds: string[], asOf = new Date()): Promise<number> {
  const rescored = await refreshScores(sql, tenantId, customerIds, asOf);
  // Loyalty (issue 4), after the scores it projects with; tiers and points need no model, so this runs
  // even before the tenant's first scoring run.
  if (customerIds.length > 0) await evaluateLoyalty(sql, tenantId, asOf, customerIds);
  return rescored;
}

async function refreshScores(sql: Sql, tenantId: string, customerIds: string[], asOf: Date): Promise<number> {
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
  await sql.begin(async (tx) => {
    await writeScores(tx, tenantId, run.id, asOf, scores);
    // A customer whose every order was refunded has nothing left to score.
    if (withoutPurchases.length > 0) {
      await tx`delete from customer_scores where tenant_id = ${tenantId} and customer_id = any(${withoutPurchases}::text[])`;
    }
  });
  return scores.length;
}
