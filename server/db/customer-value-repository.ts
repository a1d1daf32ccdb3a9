import type { Queryable } from './connect.ts';
import type { CustomerValue, Prediction, SubscriptionPrediction } from '../../shared/schemas/customer-value.ts';
import { cumulativeHistory, customerFigures, monthOf } from '../../shared/clv/customer-figures.ts';
import { predictionFor, type Audience } from '../../shared/loyalty/disclosure.ts';
import { customerLoyalty } from '../scoring/loyalty.ts';

/**
 * The value view of one customer of one tenant, or null when this tenant has no such customer
 * (a customer of another tenant is, to the caller, the same as none).
 */
export async function loadCustomerValue(
  sql: Queryable,
  tenantId: string,
  customerId: string,
  asOf = new Date(),
  audience: Audience = 'customer',
): Promise<CustomerValue | null> {
  // Loyalty (issue 4) is read at the same time as the figures: its queries follow on the connection at once.
  const loyaltyRead = customerLoyalty(sql, tenantId, customerId, asOf, audience);
  loyaltyRead.catch(() => {}); // awaited below; a failure must not count as unhandled until then
  const [row] = await sql<
    {
      id: string;
      name: string | null;
      currency: string;
      timeZone: string;
      lifespanYears: number;
      horizonMonths: number;
      annualDiscountRate: number;
      grossPaid: number;
      refunds: number;
      orderCount: number;
      firstOrderAt: Date | null;
      monthly: Array<{ month: string; value: number }> | null;
      score: ScoreRow | null;
      subscription: (Omit<SubscriptionPrediction, 'model' | 'computedAt'> & { computedAt: string }) | null;
    }[]
  >`
    select c.external_id as id, c.name, t.currency, t.time_zone as "timeZone",
           t.expected_lifespan_years as "lifespanYears", t.horizon_months as "horizonMonths",
           t.annual_discount_rate as "annualDiscountRate",
           coalesce(o.gross_paid, 0)::float8 as "grossPaid", coalesce(o.refunds, 0)::float8 as refunds,
           coalesce(o.order_count, 0)::int as "orderCount", o.first_order_at as "firstOrderAt", m.monthly,
           case when s.customer_id is null then null else json_build_object(
             'computedAt', s.computed_at, 'frequency', s.frequency, 'recencyWeeks', s.recency_weeks, 'ageWeeks', s.age_weeks,
             'monetaryValue', s.monetary_value, 'pAlive', s.p_alive, 'expectedPurchases', s.expected_purchases,
             'expectedSpend', s.expected_spend, 'predictedValue', s.predicted_value,
             'purchaseModel', r.purchase_model, 'spendModel', r.spend_model) end as score,
           case when ss.customer_id is null then null else json_build_object(
             'computedAt', ss.computed_at, 'active', ss.active, 'mrr', ss.mrr, 'monthsRenewed', ss.months_renewed,
             'renewalProbability', ss.renewal_probability, 'expectedValue', ss.expected_value, 'residualValue', ss.residual_value,
             'parameters', json_build_object('alpha', (rs.subscription_model ->> 'alpha')::float8, 'beta', (rs.subscription_model ->> 'beta')::float8)) end as subscription
    from customers c
    join tenants t on t.id = c.tenant_id
    left join lateral (
      select sum(amount) as gross_paid, sum(amount) filter (where status = 'refunded') as refunds,
             count(*) filter (where status = 'paid') as order_count,
             min(occurred_at) filter (where status = 'paid') as first_order_at
      from orders where tenant_id = c.tenant_id and customer_id = c.external_id and occurred_at <= ${asOf}
    ) o on true
    left join lateral (
      select json_agg(json_build_object('month', month, 'value', value) order by month) as monthly
      from (
        select to_char(occurred_at at time zone t.time_zone, 'YYYY-MM') as month, sum(amount)::float8 as value
        from orders
        where tenant_id = c.tenant_id and customer_id = c.external_id and status = 'paid' and occurred_at <= ${asOf}
        group by 1
      ) by_month
    ) m on true
    left join customer_scores s on s.tenant_id = c.tenant_id and s.customer_id = c.external_id
    left join model_runs r on r.tenant_id = s.tenant_id and r.id = s.run_id
    left join subscription_scores ss on ss.tenant_id = c.tenant_id and ss.customer_id = c.external_id
    left join model_runs rs on rs.tenant_id = ss.tenant_id and rs.id = ss.run_id
    where c.tenant_id = ${tenantId} and c.external_id = ${customerId}`;
  const disclosed = await loyaltyRead;
  if (!row) return null;
  const figures = customerFigures(row, { asOf, lifespanYears: row.lifespanYears });
  const history = row.firstOrderAt
    ? cumulativeHistory(row.monthly ?? [], monthOf(row.firstOrderAt, row.timeZone), monthOf(asOf, row.timeZone))
    : [];
  // What the vendor lets customers see: hidden fields are absent for them.
  const prediction = row.score ? describePrediction(row.score, row) : null;
  return {
    customer: { id: row.id, name: row.name },
    currency: row.currency.trim(),
    asOf: asOf.toISOString(),
    figures,
    history,
    prediction: prediction && disclosed ? predictionFor(prediction, disclosed.disclosure, audience) : prediction,
    subscription: row.subscription
      ? { model: 'sbg', ...row.subscription, computedAt: new Date(row.subscription.computedAt).toISOString(), mrr: Number(row.subscription.mrr), expectedValue: Number(row.subscription.expectedValue), residualValue: Number(row.subscription.residualValue) }
      : null,
    ...(disclosed?.loyalty ? { loyalty: disclosed.loyalty } : {}),
  };
}

interface ScoreRow {
  computedAt: string;
  frequency: number;
  recencyWeeks: number;
  ageWeeks: number;
  monetaryValue: number;
  pAlive: number;
  expectedPurchases: number;
  expectedSpend: number;
  predictedValue: number;
  purchaseModel: { r: number; alpha: number; a: number; b: number };
  spendModel: { p: number; q: number; gamma: number };
}

function describePrediction(score: ScoreRow, tenant: { horizonMonths: number; annualDiscountRate: number }): Prediction {
  const { r, alpha, a, b } = score.purchaseModel;
  const { p, q, gamma } = score.spendModel;
  return {
    model: 'bg-nbd+gamma-gamma',
    computedAt: new Date(score.computedAt).toISOString(),
    horizonMonths: tenant.horizonMonths,
    annualDiscountRate: tenant.annualDiscountRate,
    probabilityAlive: score.pAlive,
    expectedPurchases: score.expectedPurchases,
    expectedSpendPerPurchase: Math.round(score.expectedSpend),
    predictedValue: Number(score.predictedValue),
    inputs: {
      repeatPurchases: score.frequency,
      weeksSinceFirstPurchase: score.ageWeeks,
      weeksSinceLastPurchase: Math.max(0, score.ageWeeks - score.recencyWeeks),
      averageRepeatPurchaseValue: Math.round(score.monetaryValue),
    },
    parameters: { r, alpha, a, b, p, q, gamma },
  };
}
