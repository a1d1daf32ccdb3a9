/**
 * The aggregates behind GET /v1/metrics, computed in the database: no order, subscription or answer
 * leaves it, only rows per month, period or cohort. Formulas over these rows (rates, the simple CLV)
 * are applied by server/metrics/assemble.ts with the shared functions.
 *
 * Orders are read once: a temporary table of per-customer, per-month totals (months of the request,
 * with everything before the range in month 0) feeds every order-based figure. Run it inside one
 * transaction at REPEATABLE READ so every figure sees the same snapshot; the temporary tables are
 * dropped at commit.
 */
import type { TransactionSql } from 'postgres';
import type { MetricsCalendar } from '../metrics/calendar.ts';
import { COHORT_MONTHS, TOP_CUSTOMER_SHARE, type MetricsQuery } from '../../shared/schemas/metrics.ts';

export interface SubscriptionPeriodRow {
  period: number;
  atStart: number;
  atEnd: number;
  gained: number;
  lost: number;
  mrrAtStart: number;
  mrrAtEnd: number;
  expansion: number;
  contraction: number;
  churned: number;
  gainedMrr: number;
  newCustomersMrr: number;
}

export interface OrderPeriodRow {
  /** 0 is the whole range (concentration only). */
  period: number;
  gross: number;
  refunds: number;
  kept: number;
  buyers: number;
  repeatBuyers: number;
  revenueCustomers: number;
  topCustomers: number;
  revenue: number;
  topRevenue: number;
}

/** Order totals that begin to count at month `month` (of a customer's first kept order, or later). */
export interface ClvMonthRow {
  month: number;
  gross: number;
  refunds: number;
  kept: number;
  /** Customers whose first kept order is in this month, and the sum of those instants (epoch seconds). */
  customers: number;
  firstKeptEpochSum: number;
}

export interface SegmentRow {
  value: string | null;
  customers: number;
  gross: number;
  refunds: number;
  kept: number;
  firstKeptEpochSum: number;
}

export interface NpsPeriodRow {
  period: number;
  responses: number;
  promoters: number;
  passives: number;
  detractors: number;
}

export interface MetricAggregates {
  /** Each month's first instant and the first instant after it, in the tenant's time zone (index = month - 1). */
  monthBounds: Array<{ start: Date; end: Date }>;
  subscriptions: SubscriptionPeriodRow[];
  orders: OrderPeriodRow[];
  clvMonths: ClvMonthRow[];
  segments: SegmentRow[] | null;
  nps: NpsPeriodRow[];
  /** Acquisition spend allocated to a month of the range, per channel (fractions of a minor unit kept). */
  spend: Array<{ month: number; channel: string; amount: number }>;
  /** Customers acquired in each month of the range. */
  acquired: Array<{ month: number; customers: number }>;
  /** Realised value of each cohort (acquisition month) in month `offset` after it. */
  cohortRevenue: Array<{ cohort: number; offset: number; value: number }>;
}

export async function loadMetricAggregates(
  tx: TransactionSql,
  { tenantId, timeZone, calendar, clock, segment }: { tenantId: string; timeZone: string; calendar: MetricsCalendar; clock: Date; segment: MetricsQuery['segment'] },
): Promise<MetricAggregates> {
  const { months, rangeMonths } = calendar;

  // The months of the request as instants of the tenant's time zone; period is null past the range.
  await tx`
    create temporary table metric_months on commit drop as
    select m::int as m, start_date, end_date, period,
           (start_date::timestamp at time zone ${timeZone}) as start_at,
           (end_date::timestamp at time zone ${timeZone}) as end_at
    from unnest(${months.map((month) => month.startDate)}::date[], ${months.map((month) => month.endDate)}::date[],
                ${months.map((month) => month.period)}::int[]) with ordinality as x (start_date, end_date, period, m)`;

  const monthBounds = await tx<Array<{ start: Date; end: Date }>>`
    select start_at as start, end_at as "end" from metric_months order by m`;

  // Periods, with the instants their start and end states are taken at: never later than now.
  await tx`
    create temporary table metric_periods on commit drop as
    select period as n, min(start_at) as start_at, max(end_at) as end_at,
           least(min(start_at), ${clock}::timestamptz) as start_state, least(max(end_at), ${clock}::timestamptz) as end_state
    from metric_months where period is not null group by period`;

  // The one pass over the orders: per customer and month (0 = before the range), up to the last month.
  await tx`
    create temporary table metric_customer_months on commit drop as
    select o.customer_id,
           width_bucket(o.occurred_at, (select array_agg(start_at order by m) from metric_months)) as m,
           sum(o.amount) as gross,
           coalesce(sum(o.amount) filter (where o.status = 'refunded'), 0) as refunds,
           (count(*) filter (where o.status = 'paid'))::int as kept,
           min(o.occurred_at) filter (where o.status = 'paid') as first_kept
    from orders o
    where o.tenant_id = ${tenantId} and o.occurred_at < (select max(end_at) from metric_months)
    group by 1, 2`;
  await tx`analyze metric_customer_months`;

  // Per customer: first kept order, first paid subscription, and acquisition (the earlier of the two),
  // with the month each falls in (null past the last month).
  await tx`
    create temporary table metric_customers on commit drop as
    with bounds as (
      select array_agg(start_at order by m) as starts, max(end_at) as last_end from metric_months
    ), firsts as (
      select customer_id, min(first_kept) as first_kept from metric_customer_months group by 1
    ), subs as (
      select customer_id, min(started_at) as first_sub from subscriptions
      where tenant_id = ${tenantId} and mrr > 0 group by 1
    ), joined as (
      select c.external_id as customer_id, c.industry, c.size, c.plan, f.first_kept,
             least(f.first_kept, s.first_sub) as acquired_at
      from customers c
      left join firsts f on f.customer_id = c.external_id
      left join subs s on s.customer_id = c.external_id
      where c.tenant_id = ${tenantId} and (f.first_kept is not null or s.first_sub is not null)
    )
    select j.*,
           case when j.first_kept < b.last_end then width_bucket(j.first_kept, b.starts) end as first_m,
           case when j.acquired_at < b.last_end then width_bucket(j.acquired_at, b.starts) end as acquired_m
    from joined j cross join bounds b`;
  await tx`analyze metric_customers`;

  const subscriptions = await tx<SubscriptionPeriodRow[]>`
    with bounds as (
      select n as i, start_state as at from metric_periods
      union all
      select n + 1, end_state from metric_periods where n = (select max(n) from metric_periods)
    ), state as (
      -- Each customer's MRR at each boundary: the records that began before it and had not ended before it.
      select s.customer_id, b.i, sum(s.mrr) as mrr
      from bounds b
      join subscriptions s on s.started_at < b.at and (s.ended_at is null or s.ended_at >= b.at)
      where s.tenant_id = ${tenantId} and s.mrr > 0
      group by 1, 2
    ), pairs as (
      select p.n, st.customer_id,
             coalesce(sum(st.mrr) filter (where st.i = p.n), 0) as s,
             coalesce(sum(st.mrr) filter (where st.i = p.n + 1), 0) as e
      from metric_periods p join state st on st.i in (p.n, p.n + 1)
      group by 1, 2
    )
    select p.n as period,
           (count(x.customer_id) filter (where x.s > 0))::int as "atStart",
           (count(x.customer_id) filter (where x.e > 0))::int as "atEnd",
           (count(x.customer_id) filter (where x.s = 0 and x.e > 0))::int as gained,
           (count(x.customer_id) filter (where x.s > 0 and x.e = 0))::int as lost,
           coalesce(sum(x.s), 0)::float8 as "mrrAtStart",
           coalesce(sum(x.e), 0)::float8 as "mrrAtEnd",
           coalesce(sum(x.e - x.s) filter (where x.s > 0 and x.e > x.s), 0)::float8 as expansion,
           coalesce(sum(x.s - x.e) filter (where x.e > 0 and x.s > x.e), 0)::float8 as contraction,
           coalesce(sum(x.s) filter (where x.e = 0), 0)::float8 as churned,
           coalesce(sum(x.e) filter (where x.s = 0), 0)::float8 as "gainedMrr",
           coalesce(sum(x.e) filter (where mc.acquired_at >= p.start_at and mc.acquired_at < p.end_at), 0)::float8 as "newCustomersMrr"
    from metric_periods p
    left join pairs x on x.n = p.n
    left join metric_customers mc on mc.customer_id = x.customer_id
    group by p.n
    order by p.n`;

  const orders = await tx<OrderPeriodRow[]>`
    with per_period as (
      select mo.period as n, r.customer_id, sum(r.gross) as gross, sum(r.refunds) as refunds, sum(r.kept) as kept
      from metric_customer_months r join metric_months mo on mo.m = r.m
      where mo.period is not null
      group by 1, 2
    ), per_customer as (
      -- Period 0: the whole range, for its revenue concentration.
      select n, customer_id, gross, refunds, kept from per_period
      union all
      select 0, customer_id, sum(gross), sum(refunds), sum(kept) from per_period group by customer_id
    ), buying as (
      select c.n, sum(c.gross) as gross, sum(c.refunds) as refunds, sum(c.kept) as kept,
             count(*) filter (where c.kept > 0) as buyers,
             -- A repeat buyer has two kept orders by the end of the period: two in it, or one before it.
             count(*) filter (where c.kept >= 2 or (c.kept > 0 and mc.first_kept < p.start_at)) as repeat_buyers
      from per_customer c
      join metric_periods p on p.n = c.n
      left join metric_customers mc on mc.customer_id = c.customer_id
      group by c.n
    ), ranked as (
      select n, gross - refunds as value,
             row_number() over (partition by n order by gross - refunds desc, customer_id) as rank,
             count(*) over (partition by n) as customers
      from per_customer where gross - refunds > 0
    ), concentration as (
      select n, max(customers) as customers, ceil(max(customers) * ${TOP_CUSTOMER_SHARE}::numeric) as top_customers,
             sum(value) as revenue,
             coalesce(sum(value) filter (where rank <= ceil(customers * ${TOP_CUSTOMER_SHARE}::numeric)), 0) as top_revenue
      from ranked group by n
    )
    select n.n as period,
           coalesce(b.gross, 0)::float8 as gross, coalesce(b.refunds, 0)::float8 as refunds,
           coalesce(b.kept, 0)::int as kept, coalesce(b.buyers, 0)::int as buyers,
           coalesce(b.repeat_buyers, 0)::int as "repeatBuyers",
           coalesce(c.customers, 0)::int as "revenueCustomers", coalesce(c.top_customers, 0)::int as "topCustomers",
           coalesce(c.revenue, 0)::float8 as revenue,
           coalesce(c.top_revenue, 0)::float8 as "topRevenue"
    from (select 0 as n union all select n from metric_periods) n
    left join buying b on b.n = n.n
    left join concentration c on c.n = n.n
    order by n.n`;

  const clvMonths = await tx<ClvMonthRow[]>`
    with contributions as (
      -- An order counts toward a customer's figures from the month of their first kept order on.
      select greatest(r.m, mc.first_m) as m, sum(r.gross) as gross, sum(r.refunds) as refunds, sum(r.kept) as kept
      from metric_customer_months r join metric_customers mc on mc.customer_id = r.customer_id
      where mc.first_m is not null
      group by 1
    ), firsts as (
      select first_m as m, count(*) as customers, sum(extract(epoch from first_kept)) as epoch_sum
      from metric_customers where first_m is not null group by 1
    )
    select coalesce(c.m, f.m) as month,
           coalesce(c.gross, 0)::float8 as gross, coalesce(c.refunds, 0)::float8 as refunds, coalesce(c.kept, 0)::int as kept,
           coalesce(f.customers, 0)::int as customers, coalesce(f.epoch_sum, 0)::float8 as "firstKeptEpochSum"
    from contributions c full join firsts f on f.m = c.m
    order by 1`;

  const segments = segment
    ? await tx<SegmentRow[]>`
        with totals as (
          select customer_id, sum(gross) as gross, sum(refunds) as refunds, sum(kept) as kept
          from metric_customer_months where m <= ${rangeMonths} group by 1
        )
        select mc.${tx(segment)} as value, count(*)::int as customers,
               sum(t.gross)::float8 as gross, sum(t.refunds)::float8 as refunds, sum(t.kept)::int as kept,
               sum(extract(epoch from mc.first_kept))::float8 as "firstKeptEpochSum"
        from metric_customers mc join totals t on t.customer_id = mc.customer_id
        where mc.first_m <= ${rangeMonths}
        group by 1`
    : null;

  const nps = await tx<NpsPeriodRow[]>`
    with latest as (
      select distinct on (p.n, r.customer_id) p.n, r.score
      from nps_responses r join metric_periods p on r.answered_at >= p.start_at and r.answered_at < p.end_at
      where r.tenant_id = ${tenantId}
      order by p.n, r.customer_id, r.answered_at desc, r.external_id desc
    )
    select n as period, count(*)::int as responses,
           (count(*) filter (where score >= 9))::int as promoters,
           (count(*) filter (where score between 7 and 8))::int as passives,
           (count(*) filter (where score <= 6))::int as detractors
    from latest group by n order by n`;

  // Each record spread evenly over its days (dates in the tenant time zone, end inclusive).
  const spend = await tx<Array<{ month: number; channel: string; amount: number }>>`
    select mo.m as month, a.channel,
           sum(a.amount::numeric * (least(a.period_end + 1, mo.end_date) - greatest(a.period_start, mo.start_date))
               / (a.period_end - a.period_start + 1))::float8 as amount
    from acquisition_spend a join metric_months mo on a.period_start < mo.end_date and a.period_end >= mo.start_date
    where a.tenant_id = ${tenantId} and mo.period is not null
    group by 1, 2`;

  const acquired = await tx<Array<{ month: number; customers: number }>>`
    select acquired_m as month, count(*)::int as customers from metric_customers
    where acquired_m between 1 and ${rangeMonths} group by 1 order by 1`;

  const cohortRevenue = await tx<Array<{ cohort: number; offset: number; value: number }>>`
    select mc.acquired_m as cohort, r.m - mc.acquired_m as "offset", sum(r.gross - r.refunds)::float8 as value
    from metric_customer_months r join metric_customers mc on mc.customer_id = r.customer_id
    where mc.acquired_m between 1 and ${rangeMonths} and r.m >= mc.acquired_m and r.m - mc.acquired_m < ${COHORT_MONTHS}
    group by 1, 2`;

  return { monthBounds, subscriptions, orders, clvMonths, segments, nps, spend, acquired, cohortRevenue };
}
