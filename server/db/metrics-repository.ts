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

/** Kept orders of a month (0 = before the range), and the customers whose first kept order is in it. */
export interface ClvMonthRow {
  month: number;
  realised: number;
  kept: number;
  /** Customers whose first kept order is in this month, and the sum of those instants (epoch seconds). */
  customers: number;
  firstKeptEpochSum: number;
}

export interface SegmentRow {
  value: string | null;
  customers: number;
  /** Value and number of the customers' kept orders up to the end of the range. */
  realised: number;
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
  // JIT compilation took longer than it saved on these statements (measured: 0.7 s of 1.4 s on one of
  // them); the per-customer aggregates below want more than the default 4 MB to stay in memory.
  await tx`set local jit = off`;
  await tx`set local work_mem = '64MB'`;

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
  const monthStarts = monthBounds.map((bound) => bound.start.toISOString());
  const lastEnd = monthBounds.at(-1)?.end ?? clock;

  // Periods, with the instants their start and end states are taken at: never later than now.
  await tx`
    create temporary table metric_periods on commit drop as
    select period as n, min(m) as first_m, min(start_at) as start_at, max(end_at) as end_at,
           least(min(start_at), ${clock}::timestamptz) as start_state, least(max(end_at), ${clock}::timestamptz) as end_state
    from metric_months where period is not null group by period`;

  // The one pass over the orders: per customer and month (0 = before the range), up to the last month.
  // The month starts go in as a constant so that the planner sees a plain scan and hash aggregate.
  await tx`
    create temporary table metric_customer_months on commit drop as
    select o.customer_id,
           width_bucket(o.occurred_at, ${monthStarts}::timestamptz[]) as m,
           sum(o.amount)::bigint as gross,
           coalesce(sum(o.amount) filter (where o.status = 'refunded'), 0)::bigint as refunds,
           (count(*) filter (where o.status = 'paid'))::int as kept,
           min(o.occurred_at) filter (where o.status = 'paid') as first_kept
    from orders o
    where o.tenant_id = ${tenantId} and o.occurred_at < ${lastEnd}::timestamptz
    group by 1, 2`;
  // Statistics of the new tables (a sample) let the planner pick hash joins and aggregates below.
  await tx`analyze metric_customer_months`;

  // Per customer: first kept order, acquisition (the earlier of it and the first paid subscription) and
  // the month of each (null past the last month), and the kept orders up to the end of the range.
  await tx`
    create temporary table metric_customers on commit drop as
    with firsts as (
      select customer_id, min(first_kept) as first_kept,
             coalesce(sum(gross - refunds) filter (where m <= ${rangeMonths}), 0) as kept_value,
             coalesce(sum(kept) filter (where m <= ${rangeMonths}), 0) as kept_orders,
             coalesce(sum(gross - refunds) filter (where m between 1 and ${rangeMonths}), 0) as range_value
      from metric_customer_months group by 1
    ), subs as (
      select customer_id, min(started_at) as first_sub from subscriptions
      where tenant_id = ${tenantId} and mrr > 0 group by 1
    ), joined as (
      select c.external_id as customer_id, c.industry, c.size, c.plan, f.first_kept, f.kept_value, f.kept_orders, f.range_value,
             least(f.first_kept, s.first_sub) as acquired_at
      from customers c
      left join firsts f on f.customer_id = c.external_id
      left join subs s on s.customer_id = c.external_id
      where c.tenant_id = ${tenantId} and (f.first_kept is not null or s.first_sub is not null)
    )
    select j.*,
           case when j.first_kept < ${lastEnd}::timestamptz then width_bucket(j.first_kept, ${monthStarts}::timestamptz[]) end as first_m,
           case when j.acquired_at < ${lastEnd}::timestamptz then width_bucket(j.acquired_at, ${monthStarts}::timestamptz[]) end as acquired_m
    from joined j`;
  await tx`analyze metric_customers`;

  // MRR movements. Work grows with the subscription records, not customers x periods: a customer's MRR
  // can only differ between a period's start and end when one of their records starts or ends in it, so
  // only those customers are looked at per period; the totals follow from the first boundary's state.
  const subscriptions = await tx<SubscriptionPeriodRow[]>`
    with bounds as (
      -- The instants states are taken at: each period's start, then the last period's end.
      select array_agg(at order by i) as ats, count(*)::int as k from (
        select n as i, start_state as at from metric_periods
        union all
        select n + 1, end_state from metric_periods where n = (select max(n) from metric_periods)
      ) b
    ), subs as materialized (
      -- width_bucket counts the boundaries at or before an instant: a start or end that has n of them
      -- before it falls in period n.
      select s.customer_id, s.mrr, s.started_at, s.ended_at,
             width_bucket(s.started_at, b.ats) as start_n, width_bucket(s.ended_at, b.ats) as end_n
      from subscriptions s cross join bounds b
      where s.tenant_id = ${tenantId} and s.mrr > 0
        and s.started_at < b.ats[b.k] and (s.ended_at is null or s.ended_at >= b.ats[1])
    ), changed as (
      select distinct s.customer_id, event.n
      from subs s cross join lateral (values (s.start_n), (s.end_n)) as event (n)
      where event.n between 1 and (select count(*) from metric_periods)
    ), moves as (
      -- A record covers an instant when it began before it and had not ended before it.
      select c.n, c.customer_id,
             coalesce(sum(s.mrr) filter (where s.started_at < p.start_state and (s.ended_at is null or s.ended_at >= p.start_state)), 0) as s,
             coalesce(sum(s.mrr) filter (where s.started_at < p.end_state and (s.ended_at is null or s.ended_at >= p.end_state)), 0) as e
      from changed c
      join metric_periods p on p.n = c.n
      join subs s on s.customer_id = c.customer_id
      group by 1, 2
    ), per_period as (
      select p.n,
             count(m.customer_id) filter (where m.s = 0 and m.e > 0) as gained,
             count(m.customer_id) filter (where m.s > 0 and m.e = 0) as lost,
             coalesce(sum(m.e - m.s), 0) as net_mrr,
             coalesce(sum(m.e - m.s) filter (where m.s > 0 and m.e > m.s), 0) as expansion,
             coalesce(sum(m.s - m.e) filter (where m.e > 0 and m.s > m.e), 0) as contraction,
             coalesce(sum(m.s) filter (where m.e = 0), 0) as churned,
             coalesce(sum(m.e) filter (where m.s = 0), 0) as gained_mrr,
             coalesce(sum(m.e) filter (where mc.acquired_at >= p.start_at and mc.acquired_at < p.end_at), 0) as new_customers_mrr
      from metric_periods p
      left join moves m on m.n = p.n
      left join metric_customers mc on mc.customer_id = m.customer_id
      group by p.n
    ), first_state as (
      select count(distinct s.customer_id) as customers, coalesce(sum(s.mrr), 0) as mrr
      from subs s cross join bounds b
      where s.started_at < b.ats[1] and (s.ended_at is null or s.ended_at >= b.ats[1])
    )
    select x.n as period,
           (f.customers + coalesce(sum(x.gained - x.lost) over earlier, 0))::int as "atStart",
           (f.customers + sum(x.gained - x.lost) over so_far)::int as "atEnd",
           x.gained::int as gained, x.lost::int as lost,
           (f.mrr + coalesce(sum(x.net_mrr) over earlier, 0))::float8 as "mrrAtStart",
           (f.mrr + sum(x.net_mrr) over so_far)::float8 as "mrrAtEnd",
           x.expansion::float8 as expansion, x.contraction::float8 as contraction, x.churned::float8 as churned,
           x.gained_mrr::float8 as "gainedMrr", x.new_customers_mrr::float8 as "newCustomersMrr"
    from per_period x cross join first_state f
    window earlier as (order by x.n rows between unbounded preceding and 1 preceding),
           so_far as (order by x.n rows between unbounded preceding and current row)
    order by x.n`;

  // Per period and customer: the month rows themselves when periods are months, else regrouped.
  const perCustomer = calendar.periods.every((period) => period.firstMonth === period.lastMonth)
    ? tx`select m as n, customer_id, gross, refunds, kept from metric_customer_months where m between 1 and ${rangeMonths}`
    : tx`select mo.period as n, r.customer_id, sum(r.gross) as gross, sum(r.refunds) as refunds, sum(r.kept) as kept
         from metric_customer_months r join metric_months mo on mo.m = r.m
         where mo.period is not null
         group by 1, 2`;
  const orders = await tx<OrderPeriodRow[]>`
    with per_customer as (
      ${perCustomer}
    ), buying as (
      select c.n, sum(c.gross) as gross, sum(c.refunds) as refunds, sum(c.kept) as kept,
             count(*) filter (where c.kept > 0) as buyers,
             -- A repeat buyer has two kept orders by the end of the period: two in it, or one before it.
             count(*) filter (where c.kept >= 2 or (c.kept > 0 and mc.first_m < p.first_m)) as repeat_buyers
      from per_customer c
      join metric_periods p on p.n = c.n
      left join metric_customers mc on mc.customer_id = c.customer_id
      group by c.n
    ), values as (
      -- Realised value per customer and period, and over the whole range as period 0.
      select n, gross - refunds as value from per_customer where gross > refunds
      union all
      select 0, range_value from metric_customers where range_value > 0
    ), counts as (
      select n, count(*) as customers, ceil(count(*) * ${TOP_CUSTOMER_SHARE}::numeric) as top from values group by n
    ), cuts as (
      -- The value of the top-th customer from the top, which is at position customers - top + 1 in
      -- ascending order (the half keeps the fraction clear of rounding). One sort, no ranking pass.
      select v.n, percentile_disc(((c.customers - c.top + 0.5) / c.customers)::float8) within group (order by v.value) as cut
      from values v join counts c on c.n = v.n
      group by v.n, c.customers, c.top
    ), above as (
      select v.n, sum(v.value) as revenue,
             coalesce(sum(v.value) filter (where v.value > x.cut), 0) as above_value,
             count(*) filter (where v.value > x.cut) as above_count
      from values v join cuts x on x.n = v.n
      group by v.n
    ), concentration as (
      -- The top customers are those above the cut, plus as many at the cut as make up the count
      -- (ties at the cut give the same total whichever of them are taken).
      select c.n, c.customers, c.top as top_customers, a.revenue, a.above_value + (c.top - a.above_count) * x.cut as top_revenue
      from counts c join cuts x on x.n = c.n join above a on a.n = c.n
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

  // Only kept orders count toward a customer's figures (a refunded order adds as much to refunds as to
  // gross paid), and a customer's kept orders all come at or after their first kept order.
  const clvMonths = await tx<ClvMonthRow[]>`
    with kept as (
      select m, sum(gross - refunds) as realised, sum(kept) as kept from metric_customer_months group by m
    ), firsts as (
      select first_m as m, count(*) as customers, sum(extract(epoch from first_kept)) as epoch_sum
      from metric_customers where first_m is not null group by 1
    )
    select coalesce(k.m, f.m) as month,
           coalesce(k.realised, 0)::float8 as realised, coalesce(k.kept, 0)::int as kept,
           coalesce(f.customers, 0)::int as customers, coalesce(f.epoch_sum, 0)::float8 as "firstKeptEpochSum"
    from kept k full join firsts f on f.m = k.m
    order by 1`;

  const segments = segment
    ? await tx<SegmentRow[]>`
        select ${tx(segment)} as value, count(*)::int as customers,
               sum(kept_value)::float8 as realised, sum(kept_orders)::int as kept,
               sum(extract(epoch from first_kept))::float8 as "firstKeptEpochSum"
        from metric_customers
        where first_m <= ${rangeMonths}
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
