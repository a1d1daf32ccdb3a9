/**
 * Subscription retention (issue 3): each subscriber's lifetime in months is read from their subscription
 * periods, the shifted-beta-geometric model (Fader & Hardie 2007) is fitted on all of them (active ones
 * right-censored), and every active subscriber gets a renewal probability, the discounted value of the
 * renewals expected within the tenant horizon, and the residual lifetime value (DERL x MRR, Fader & Hardie
 * 2010). A customer who cancelled and came back is counted from the first start to the last end.
 */
import type { Sql } from 'postgres';
import {
  fitShiftedBetaGeometricLifetimes,
  sbgDiscountedExpectedResidualLifetime,
  sbgExpectedDiscountedPayments,
  sbgRetentionRate,
  type SbgFit,
  type SubscriberLifetime,
} from '../../shared/clv/sbg.ts';
import { DAYS_PER_MONTH } from '../../shared/clv/predicted-value.ts';
import type { Queryable } from '../db/connect.ts';
import type { ScoringSettings } from './score-rows.ts';

const DAY_MS = 86_400_000;
const MIN_SUBSCRIBERS_TO_FIT = 30;

interface SubscriberRow {
  customerId: string;
  firstStart: Date;
  lastEnd: Date | null;
  active: boolean;
  mrr: number;
}

export interface SubscriberScore {
  customerId: string;
  active: boolean;
  monthsRenewed: number;
  mrr: number;
  renewalProbability: number | null;
  expectedValue: number;
  residualValue: number;
}

async function readSubscribers(sql: Queryable, tenantId: string, asOf: Date): Promise<SubscriberRow[]> {
  return sql<SubscriberRow[]>`
    select customer_id as "customerId", min(started_at) as "firstStart",
           bool_or(ended_at is null or ended_at > ${asOf}) as active,
           max(ended_at) filter (where ended_at <= ${asOf}) as "lastEnd",
           coalesce(sum(mrr) filter (where ended_at is null or ended_at > ${asOf}), 0)::float8 as mrr
    from subscriptions
    where tenant_id = ${tenantId} and started_at <= ${asOf} and mrr > 0
    group by customer_id`;
}

function lifetimeOf(row: SubscriberRow, asOf: Date): SubscriberLifetime & { customerId: string } {
  const until = row.active ? asOf : (row.lastEnd ?? asOf);
  const months = (until.getTime() - row.firstStart.getTime()) / DAY_MS / DAYS_PER_MONTH;
  // A cancelled subscriber left during period T (>= 1); an active one has renewed floor(months) times.
  return row.active
    ? { customerId: row.customerId, periods: Math.max(0, Math.floor(months)), churned: false }
    : { customerId: row.customerId, periods: Math.max(1, Math.ceil(months)), churned: true };
}

export interface SubscriptionModelOutcome {
  model: SbgFit | null;
  /** Why no model was fitted, when none was. */
  reason: string | null;
  scores: SubscriberScore[];
}

export async function fitAndScoreSubscriptions(sql: Queryable, tenantId: string, asOf: Date, settings: ScoringSettings): Promise<SubscriptionModelOutcome> {
  const rows = await readSubscribers(sql, tenantId, asOf);
  if (rows.length === 0) return { model: null, reason: 'no subscriptions', scores: [] };
  if (rows.length < MIN_SUBSCRIBERS_TO_FIT) {
    return { model: null, reason: `the subscription model needs at least ${MIN_SUBSCRIBERS_TO_FIT} subscribers; this tenant has ${rows.length}`, scores: [] };
  }
  const lifetimes = rows.map((row) => lifetimeOf(row, asOf));
  let model: SbgFit;
  try {
    model = fitShiftedBetaGeometricLifetimes(lifetimes);
  } catch (error) {
    return { model: null, reason: (error as Error).message, scores: [] };
  }
  const monthlyRate = Math.pow(1 + settings.annualDiscountRate, 1 / 12) - 1;
  const scores = rows.map((row, index): SubscriberScore => {
    const { periods } = lifetimes[index] ?? { periods: 0 };
    if (!row.active) return { customerId: row.customerId, active: false, monthsRenewed: periods, mrr: 0, renewalProbability: null, expectedValue: 0, residualValue: 0 };
    const survived = { periodsSurvived: periods };
    return {
      customerId: row.customerId,
      active: true,
      monthsRenewed: periods,
      mrr: row.mrr,
      renewalProbability: sbgRetentionRate(model, periods + 1),
      expectedValue: Math.round(row.mrr * sbgExpectedDiscountedPayments(model, { ...survived, periods: settings.horizonMonths, discountRate: monthlyRate })),
      residualValue: Math.round(row.mrr * sbgDiscountedExpectedResidualLifetime(model, { ...survived, discountRate: monthlyRate })),
    };
  });
  return { model, reason: null, scores };
}

export async function writeSubscriberScores(sql: Sql | Queryable, tenantId: string, runId: number, computedAt: Date, scores: SubscriberScore[]): Promise<void> {
  if (scores.length === 0) return;
  await sql`
    insert into subscription_scores (tenant_id, customer_id, run_id, computed_at, active, months_renewed, mrr, renewal_probability, expected_value, residual_value)
    select ${tenantId}, s.customer_id, ${runId}, ${computedAt}, s.active, s.months_renewed, s.mrr, s.renewal_probability, s.expected_value, s.residual_value
    from unnest(
      ${scores.map((s) => s.customerId)}::text[], ${scores.map((s) => String(s.active))}::text[]::boolean[], ${scores.map((s) => s.monthsRenewed)}::int[],
      ${scores.map((s) => s.mrr)}::bigint[], ${scores.map((s) => s.renewalProbability)}::float8[],
      ${scores.map((s) => s.expectedValue)}::bigint[], ${scores.map((s) => s.residualValue)}::bigint[]
    ) as s (customer_id, active, months_renewed, mrr, renewal_probability, expected_value, residual_value)
    on conflict (tenant_id, customer_id) do update set
      run_id = excluded.run_id, computed_at = excluded.computed_at, active = excluded.active, months_renewed = excluded.months_renewed,
      mrr = excluded.mrr, renewal_probability = excluded.renewal_probability, expected_value = excluded.expected_value,
      residual_value = excluded.residual_value`;
}
