import type { Queryable } from './connect.ts';
import { purchaseDaysOf, readSomeOrderHistories } from './order-history-repository.ts';
import type { CustomerScore, ModelParams } from '../scoring/score-rows.ts';
import { PURCHASE_MODEL } from '../scoring/score-rows.ts';

export interface PurchaseDays {
  customerId: string;
  /** Calendar days (in the tenant time zone) with a kept purchase, as day numbers since 1970-01-01, ascending. */
  days: number[];
  /** The amount spent on each of those days, aligned with `days`. */
  values: number[];
}

/**
 * Each customer's purchase days and the value of each, from kept (paid, not refunded) orders up to
 * `asOf`, for a few customers (a full run reads every history once, in score-tenant.ts).
 */
export async function readPurchaseDays(
  sql: Queryable,
  tenantId: string,
  { asOf, timeZone, customerIds }: { asOf: Date; timeZone: string; customerIds: string[] },
): Promise<PurchaseDays[]> {
  const histories = await readSomeOrderHistories(sql, tenantId, { asOf, timeZone, customers: { ids: customerIds }, productDays: false, keepIds: false });
  return histories.map((history) => ({ customerId: history.customerId, ...purchaseDaysOf(history) }));
}

export async function startRun(sql: Queryable, tenantId: string, observationEnd: Date): Promise<number> {
  const [row] = await sql<{ id: string }[]>`
    insert into model_runs (tenant_id, observation_end) values (${tenantId}, ${observationEnd}) returning id`;
  return Number(row?.id);
}

export async function finishRun(
  sql: Queryable,
  tenantId: string,
  runId: number,
  outcome: { status: 'succeeded' | 'failed'; purchaseModel?: unknown; spendModel?: unknown; subscriptionModel?: unknown; customers?: number; fittedOn?: number; stageMs?: Record<string, number>; error?: string },
): Promise<void> {
  await sql`
    update model_runs set
      finished_at = now(), status = ${outcome.status},
      purchase_model = ${outcome.purchaseModel ? sql.json(outcome.purchaseModel as never) : null},
      spend_model = ${outcome.spendModel ? sql.json(outcome.spendModel as never) : null},
      subscription_model = ${outcome.subscriptionModel ? sql.json(outcome.subscriptionModel as never) : null},
      customers = ${outcome.customers ?? 0}, fitted_on = ${outcome.fittedOn ?? 0},
      stage_ms = ${sql.json((outcome.stageMs ?? {}) as never)}, error = ${outcome.error ?? null}
    where tenant_id = ${tenantId} and id = ${runId}`;
}

export interface LatestRun {
  id: number;
  /** Null when the run fitted only the subscription model. */
  params: ModelParams | null;
  observationEnd: Date;
}

export async function latestSucceededRun(sql: Queryable, tenantId: string): Promise<LatestRun | null> {
  const [row] = await sql<{ id: string; purchaseModel: ModelParams['purchase'] | null; spendModel: ModelParams['spend'] | null; observationEnd: Date }[]>`
    select id, purchase_model as "purchaseModel", spend_model as "spendModel", observation_end as "observationEnd"
    from model_runs where tenant_id = ${tenantId} and status = 'succeeded'
    order by id desc limit 1`;
  if (!row) return null;
  const params = row.purchaseModel && row.spendModel ? { purchase: row.purchaseModel, spend: row.spendModel } : null;
  return { id: Number(row.id), params, observationEnd: row.observationEnd };
}

/** Upserts scores in one statement per call; callers pass chunks of a few thousand. */
export async function writeScores(sql: Queryable, tenantId: string, runId: number, computedAt: Date, scores: CustomerScore[]): Promise<void> {
  if (scores.length === 0) return;
  await sql`
    insert into customer_scores (tenant_id, customer_id, run_id, model, computed_at, frequency, recency_weeks, age_weeks,
                                 monetary_value, p_alive, expected_purchases, expected_spend, predicted_value)
    select ${tenantId}, s.customer_id, ${runId}, ${PURCHASE_MODEL}, ${computedAt}, s.frequency, s.recency_weeks, s.age_weeks,
           s.monetary_value, s.p_alive, s.expected_purchases, s.expected_spend, s.predicted_value
    from unnest(
      ${scores.map((s) => s.customerId)}::text[], ${scores.map((s) => s.frequency)}::int[],
      ${scores.map((s) => s.recencyWeeks)}::float8[], ${scores.map((s) => s.ageWeeks)}::float8[],
      ${scores.map((s) => s.monetaryValue)}::float8[], ${scores.map((s) => s.pAlive)}::float8[],
      ${scores.map((s) => s.expectedPurchases)}::float8[], ${scores.map((s) => s.expectedSpend)}::float8[],
      ${scores.map((s) => s.predictedValue)}::bigint[]
    ) as s (customer_id, frequency, recency_weeks, age_weeks, monetary_value, p_alive, expected_purchases, expected_spend, predicted_value)
    on conflict (tenant_id, customer_id) do update set
      run_id = excluded.run_id, model = excluded.model, computed_at = excluded.computed_at,
      frequency = excluded.frequency, recency_weeks = excluded.recency_weeks, age_weeks = excluded.age_weeks,
      monetary_value = excluded.monetary_value, p_alive = excluded.p_alive, expected_purchases = excluded.expected_purchases,
      expected_spend = excluded.expected_spend, predicted_value = excluded.predicted_value`;
}
