/**
 * The aggregates behind GET /v1/metrics, computed in the database: no order, subscription or answer
 * leaves it, only rows per month, period or cohort. Formulas over these rows (rates, the simple CLV)
 * are applied by server/metrics/assemble.ts with the shared functions.
 *
 * Orders are never read here: every order figure comes from the rollups that triggers keep current
 * (migrations 0010 and 0018): order_monthly_rollup, a customer's orders per month of the tenant's time
 * zone, tenant_order_monthly, the sums of those rows per month, and customer_order_totals, a customer's
 * paid orders of all time and the first of them. A month's figures are its row of tenant_order_monthly;
 * the figures of everything before the range are the all-time totals less the months from the range on.
 * Run it inside one transaction at REPEATABLE READ so every figure sees the same snapshot: the order
 * figures, which need none of its temporary tables, may be read `alongside` in a second transaction that
 * imports that snapshot (shared-snapshot.ts). The temporary tables are dropped at commit.
 *
 * Paid orders are the kept ones, so a customer's realised value (gross - refunds) is their paid amount.
 */
import type { PendingQuery, Row, TransactionSql } from 'postgres';
import type { MetricsCalendar } from '../metrics/calendar.ts';
import { COHORT_MONTHS, TOP_CUSTOMER_SHARE, type MetricsQuery } from '../../shared/schemas/metrics.ts';
import type { Alongside } from './shared-snapshot.ts';

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

/** What a month's orders add up to (m = the calendar's month number; valued = customers with realised value). */
interface MonthRow {
  m: number;
  gross: number;
  refunds: number;
  kept: number;
  buyers: number;
  valued: number;
  realised: number;
}

/** Customers by the month of their first paid order (0 = before the range), with their all-time totals. */
interface FirstPaidRow {
  m: number;
  customers: number;
  epochSum: number;
  realised: number;
  kept: number;
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
  alongside: Alongside = (work) => work(tx),
): Promise<MetricAggregates> {
  const { months, rangeMonths } = calendar;
  const firstMonth = months[0];
  const lastMonth = months.at(-1);
  if (!firstMonth || !lastMonth) throw new RangeError('a metrics calendar has at least one month');
  const monthNumber = monthNumberIn(tx, firstMonth.startDate);
  const periodOfMonth = [0, ...months.map((month) => month.period ?? 0)];
  const monthly = calendar.periods.every((period) => period.firstMonth === period.lastMonth);

  // The order figures read the rollups and no temporary table of this transaction: they run alongside
  // it, in a transaction that sees the same snapshot, while this one computes the rest.
  const orderFiguresRead = alongside(async (side) => {
    await tuneForAggregates(side);
    return orderFigures(side, { tenantId, calendar, segment, monthly, periodOfMonth });
  });
  orderFiguresRead.catch(() => {}); // awaited below; a failure of this transaction first must not leave it unhandled
  await tuneForAggregates(tx);

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
  const rangeStart = monthBounds[0]?.start ?? clock;
  const rangeEnd = monthBounds[rangeMonths - 1]?.end ?? clock;

  // Periods, with the instants their start and end states are taken at: never later than now.
  await tx`
    create temporary table metric_periods on commit drop as
    select period as n, min(m) as first_m, min(start_at) as start_at, max(end_at) as end_at,
           least(min(start_at), ${clock}::timestamptz) as start_state, least(max(end_at), ${clock}::timestamptz) as end_state
    from metric_months where period is not null group by period`;

  // The customers acquired in the range: acquisition is the earlier of the first paid order and the
  // first paid subscription, both kept per customer by triggers (migrations 0010 and 0014). Only they
  // enter the acquisition counts, the cohorts and new customers' MRR.
  await tx`
    create temporary table metric_customers on commit drop as
    with acquired as (
      select coalesce(t.customer_id, s.customer_id) as customer_id, least(t.first_paid_at, s.first_paid_at) as acquired_at
      from (select customer_id, first_paid_at from customer_order_totals where tenant_id = ${tenantId}) t
      full join (select customer_id, first_paid_at from customer_subscription_totals where tenant_id = ${tenantId}) s
        on s.customer_id = t.customer_id
    )
    select customer_id, acquired_at, width_bucket(acquired_at, ${monthStarts}::timestamptz[]) as acquired_m
    from acquired
    where acquired_at >= ${rangeStart}::timestamptz and acquired_at < ${rangeEnd}::timestamptz`;
  // The planner needs its size, not its distribution (its customers are distinct): a sample of 300 rows
  // instead of 30,000 took 1 ms instead of 27.
  await tx`set local default_statistics_target = 1`;
  await tx`analyze metric_customers`;

  const subscriptions = await subscriptionRows(tx, { tenantId, calendar, monthBounds, clock, periodOfMonth, monthNumber, monthly });

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
    select acquired_m as month, count(*)::int as customers from metric_customers group by 1 order by 1`;

  // Each cohort's customers' realised value in the months from their acquisition on.
  const cohortRevenue = await tx<Array<{ cohort: number; offset: number; value: number }>>`
    select cohort, "offset", sum(paid_amount)::float8 as value
    from (
      select mc.acquired_m as cohort, ${monthNumber('r.month')} - mc.acquired_m as "offset", r.paid_amount
      from metric_customers mc
      join order_monthly_rollup r on r.tenant_id = ${tenantId} and r.customer_id = mc.customer_id
      where r.month >= ${firstMonth.startDate}::date and r.month < ${lastMonth.endDate}::date
    ) x
    where "offset" between 0 and ${COHORT_MONTHS - 1}
    group by 1, 2`;

  const { monthRows, firstRows, orders, segments } = await orderFiguresRead;
  const inCalendar = (m: number) => m >= 1 && m <= months.length;
  const laterRealised = monthRows.reduce((sum, row) => sum + row.realised, 0);
  const laterKept = monthRows.reduce((sum, row) => sum + row.kept, 0);
  const allRealised = firstRows.reduce((sum, row) => sum + row.realised, 0);
  const allKept = firstRows.reduce((sum, row) => sum + row.kept, 0);
  // Only kept orders count toward a customer's figures (a refunded order adds as much to refunds as to
  // gross paid), and a customer's kept orders all come at or after their first kept order.
  const clvByMonth = new Map<number, ClvMonthRow>();
  const clvMonth = (month: number) => {
    let row = clvByMonth.get(month);
    if (!row) clvByMonth.set(month, (row = { month, realised: 0, kept: 0, customers: 0, firstKeptEpochSum: 0 }));
    return row;
  };
  // Before the range: everything there is, less the months from the range on.
  Object.assign(clvMonth(0), { realised: allRealised - laterRealised, kept: allKept - laterKept });
  for (const row of monthRows) {
    if (inCalendar(row.m)) Object.assign(clvMonth(row.m), { realised: row.realised, kept: row.kept });
  }
  for (const row of firstRows) {
    if (row.m <= months.length) Object.assign(clvMonth(row.m), { customers: row.customers, firstKeptEpochSum: row.epochSum });
  }
  const clvMonths = [...clvByMonth.values()].sort((a, b) => a.month - b.month);

  return { monthBounds, subscriptions, orders, clvMonths, segments, nps, spend, acquired, cohortRevenue };
}

/**
 * The figures of orders: every month's sums, the customers' first paid months, the periods' order
 * figures, the range's concentration and the segments. Reads the rollups only.
 */
async function orderFigures(
  tx: TransactionSql,
  { tenantId, calendar, segment, monthly, periodOfMonth }: { tenantId: string; calendar: MetricsCalendar; segment: MetricsQuery['segment']; monthly: boolean; periodOfMonth: number[] },
): Promise<{ monthRows: MonthRow[]; firstRows: FirstPaidRow[]; orders: OrderPeriodRow[]; segments: SegmentRow[] | null }> {
  const { months, rangeMonths } = calendar;
  const firstMonth = months[0];
  const lastRangeMonth = months[rangeMonths - 1];
  if (!firstMonth || !lastRangeMonth) throw new RangeError('a metrics calendar has at least one month');
  const monthNumber = monthNumberIn(tx, firstMonth.startDate);

  // Every month from the first of the request on (months past the calendar included, for the totals
  // before the range): what its orders add up to, a row per month (migration 0018).
  const monthRows = await tx<MonthRow[]>`
    select ${monthNumber('month')} as m,
           (paid_amount + refunded_amount)::float8 as gross, refunded_amount::float8 as refunds,
           paid_orders::float8 as kept, buyers, valued, paid_amount::float8 as realised
    from tenant_order_monthly
    where tenant_id = ${tenantId} and month >= ${firstMonth.startDate}::date`;

  // Per customer: all-time totals, and their first paid order's month (0 = before the range, past the
  // calendar when later than its last month).
  const firstRows = await tx<FirstPaidRow[]>`
    select greatest(${monthNumber('first_paid_month')}, 0) as m, count(*)::int as customers,
           sum(date_part('epoch', first_paid_at))::float8 as "epochSum",
           sum(paid_amount)::float8 as realised, sum(paid_orders)::float8 as kept
    from customer_order_totals
    where tenant_id = ${tenantId}
    group by 1`;

  const range = await rangeFigures(tx, { tenantId, calendar, monthNumber, withFirstTimers: monthly });
  const orders = monthly
    ? await monthlyOrderRows(tx, { tenantId, calendar, monthRows, firstTimers: range.firstTimers })
    : await periodOrderRows(tx, { tenantId, calendar, periodOfMonth, monthNumber });
  orders.unshift({ period: 0, gross: 0, refunds: 0, kept: 0, buyers: 0, repeatBuyers: 0, revenueCustomers: range.customers, topCustomers: range.topCustomers, revenue: range.revenue, topRevenue: range.topRevenue });

  // A segment's customers are those with a kept order by the end of the range; their value and orders
  // are those up to the end of the range (all time less the months after it).
  const segments = segment
    ? await tx<SegmentRow[]>`
        with after_range as (
          select customer_id, sum(paid_amount) as paid_amount, sum(paid_orders) as paid_orders
          from order_monthly_rollup
          where tenant_id = ${tenantId} and month >= ${lastRangeMonth.endDate}::date
          group by customer_id
        )
        select c.${tx(segment)} as value, count(*)::int as customers,
               sum(t.paid_amount - coalesce(a.paid_amount, 0))::float8 as realised,
               sum(t.paid_orders - coalesce(a.paid_orders, 0))::int as kept,
               sum(date_part('epoch', t.first_paid_at))::float8 as "firstKeptEpochSum"
        from customer_order_totals t
        join customers c on c.tenant_id = t.tenant_id and c.external_id = t.customer_id
        left join after_range a on a.customer_id = t.customer_id
        where t.tenant_id = ${tenantId} and t.first_paid_month < ${lastRangeMonth.endDate}::date
        group by 1`
    : null;

  return { monthRows, firstRows, orders, segments };
}

/**
 * The whole range in one pass over its customers' rollup rows: each customer's realised value over it,
 * for its concentration (the top customers' share), and, when asked, the first-time buyers of each month:
 * the customers whose first kept order of all time is in that month and is its only kept order. A
 * customer's first month of the range with a kept order, and whether it holds one kept order, travel
 * together as one integer, so that one min() finds both: the days from the range's first month to that
 * month, times 2, plus 1 for a single order (never negative, so / and % take it apart). They are first-time
 * buyers when that month is also their first paid month of all time. Joining the range's rows to the
 * customers' totals instead took 155 to 265 ms on a 2-core machine (half a million rows); this joins the
 * range's customers only (86,709 on the bench tenant).
 */
async function rangeFigures(
  tx: TransactionSql,
  { tenantId, calendar, monthNumber, withFirstTimers }: { tenantId: string; calendar: MetricsCalendar; monthNumber: MonthNumber; withFirstTimers: boolean },
): Promise<{ customers: number; topCustomers: number; revenue: number; topRevenue: number; firstTimers: Map<number, number> }> {
  const { months, rangeMonths } = calendar;
  const firstMonth = months[0];
  const lastRangeMonth = months[rangeMonths - 1];
  if (!firstMonth || !lastRangeMonth) throw new RangeError('a metrics calendar has at least one month');
  const [row] = await tx<Array<{ customers: number; topCustomers: number; revenue: number; topRevenue: number; firstTimerMonths: number[]; firstTimers: number[] }>>`
    with customer_values as materialized (
      -- In float8, exact for whole minor units below 2^53: a numeric sum took a quarter longer to add and sort.
      select customer_id, sum(paid_amount::float8) as value,
             min((month - ${firstMonth.startDate}::date) * 2 + (paid_orders = 1)::int) filter (where paid_orders > 0) as first_kept
      from order_monthly_rollup
      where tenant_id = ${tenantId} and month >= ${firstMonth.startDate}::date and month < ${lastRangeMonth.endDate}::date
      group by customer_id
    ), totals as (
      select count(*)::int as customers, ceil(count(*) * ${TOP_CUSTOMER_SHARE}::numeric)::int as top, coalesce(sum(value), 0)::float8 as revenue
      from customer_values where value > 0
    ), first_timers as (
      -- One kept order counted in the aggregate rather than filtered in the join: filtered, the planner takes
      -- it to leave a handful of customers and looks each one up (50,000 lookups, 170 ms, against 40 ms).
      select ${monthNumber('t.first_paid_month')} as m, (count(*) filter (where v.first_kept % 2 = 1))::int as customers
      from customer_values v
      join customer_order_totals t on t.tenant_id = ${tenantId} and t.customer_id = v.customer_id
      where t.first_paid_month = ${firstMonth.startDate}::date + (v.first_kept / 2)::int
        and t.first_paid_month >= ${firstMonth.startDate}::date and t.first_paid_month < ${lastRangeMonth.endDate}::date
      group by 1
    )
    -- The top customers' values by a bounded sort (LIMIT), not a rank of every customer; ties add the same.
    select customers, top as "topCustomers", revenue,
           (select coalesce(sum(value), 0)::float8 from (
              select value from customer_values where value > 0 order by value desc limit (select top from totals)
            ) t) as "topRevenue",
           ${withFirstTimers
             ? tx`array(select m from first_timers order by m) as "firstTimerMonths", array(select customers from first_timers order by m) as "firstTimers"`
             : tx`'{}'::int[] as "firstTimerMonths", '{}'::int[] as "firstTimers"`}
    from totals`;
  const firstTimerMonths = row?.firstTimerMonths ?? [];
  return {
    customers: row?.customers ?? 0,
    topCustomers: row?.topCustomers ?? 0,
    revenue: row?.revenue ?? 0,
    topRevenue: row?.topRevenue ?? 0,
    firstTimers: new Map(firstTimerMonths.map((m, i) => [m, row?.firstTimers[i] ?? 0])),
  };
}

/**
 * Rollup months are first days ("YYYY-MM-01"); this turns a column of them into the calendar's month
 * numbers (1 = the first month of the request, 0 or less = before it). From the days between two first
 * days: n months are 30.436875 n days (the Gregorian mean) give or take less than 4 days (checked for every
 * month from 1970 to 2200, 20 years either way), so rounding is exact, and cheaper per row than date_part
 * arithmetic.
 */
const monthNumberIn = (tx: TransactionSql, firstMonthStart: string): MonthNumber => (column) =>
  tx`(round((${tx(column)} - ${firstMonthStart}::date) / 30.436875::float8)::int + 1)`;

/**
 * JIT compilation took longer than it saved on these statements; the per-customer passes want more than
 * the default 4 MB to stay in memory. The planner cannot estimate the rows of the CTEs below (it assumes
 * 200) and then sorts 100,000 of them by customer for a merge join; a hash join took a third less
 * (measured on the MRR movements: 515 ms against 357 ms). The statements are prepared, and after five runs
 * PostgreSQL may plan them once for any tenant and range: that generic plan took twice as long (1.3 s
 * against 0.65 s for a year by month on 100,000 customers), so each run is planned for its own values.
 * The two transactions of a request already keep two cores busy: parallel workers on top of them only
 * competed for the same cores (the customers acquired in the range took 230 ms with them, 70 ms without).
 */
async function tuneForAggregates(tx: TransactionSql): Promise<void> {
  await tx`set local jit = off`;
  await tx`set local plan_cache_mode = force_custom_plan`;
  await tx`set local work_mem = '64MB'`;
  await tx`set local enable_mergejoin = off`;
  await tx`set local max_parallel_workers_per_gather = 0`;
}

type MonthNumber = (column: string) => PendingQuery<Row[]>;

/**
 * MRR movements per period, from each customer's MRR at the start and end of the months in which it
 * moved (subscription_mrr_monthly, kept by triggers on subscriptions, migration 0014). A period's states
 * are taken at its start and end, never later than now: a customer's MRR at a month boundary is in their
 * row of the month (or, with no row, what their last earlier row ends with); in the month that holds the
 * clock, a customer's MRR now is their MRR at its start plus the row's changes before now. A
 * customer whose MRR did not move in a period has the same MRR at both ends and adds nothing to its
 * movements; the customers and MRR at the first boundary are the sum of every earlier month's changes.
 */
async function subscriptionRows(
  tx: TransactionSql,
  { tenantId, calendar, monthBounds, clock, periodOfMonth, monthNumber, monthly }: {
    tenantId: string;
    calendar: MetricsCalendar;
    monthBounds: Array<{ start: Date; end: Date }>;
    clock: Date;
    periodOfMonth: number[];
    monthNumber: MonthNumber;
    /** Every period is one month: a customer has at most one row in it. */
    monthly: boolean;
  },
): Promise<SubscriptionPeriodRow[]> {
  const { months, rangeMonths } = calendar;
  const firstMonth = months[0];
  const firstBound = monthBounds[0];
  if (!firstMonth || !firstBound) throw new RangeError('a metrics calendar has at least one month');
  const now = clock.getTime();
  // The range's months that ended by now, and the one that holds now (1-based; 0 when none does).
  const ended = monthBounds.slice(0, rangeMonths).filter((bound) => bound.end.getTime() <= now).length;
  const current = ended < rangeMonths && (monthBounds[ended]?.start.getTime() ?? Infinity) < now ? ended + 1 : 0;
  const endedBefore = ended === 0 ? firstMonth.startDate : (months[ended - 1]?.endDate ?? firstMonth.startDate);
  const currentMonth = current === 0 ? null : (months[current - 1]?.startDate ?? null);

  // The state at the first boundary: the sum of every earlier month's changes (each customer's MRR is the
  // sum of their changes so far, and whether they pay changes with it); when the whole range lies ahead,
  // the first boundary is now, read from the records.
  const [first] = now > firstBound.start.getTime()
    ? await tx<Array<{ customers: number; mrr: number }>>`
        select coalesce(sum((mrr_at_end > 0)::int - (mrr_at_start > 0)::int), 0)::int as customers,
               coalesce(sum(mrr_at_end - mrr_at_start), 0)::float8 as mrr
        from subscription_mrr_monthly
        where tenant_id = ${tenantId} and month < ${firstMonth.startDate}::date`
    : await tx<Array<{ customers: number; mrr: number }>>`
        select count(distinct customer_id)::int as customers, coalesce(sum(mrr), 0)::float8 as mrr
        from subscriptions
        where tenant_id = ${tenantId} and mrr > 0 and started_at < ${clock}::timestamptz and (ended_at is null or ended_at >= ${clock}::timestamptz)`;

  return tx<SubscriptionPeriodRow[]>`
    with moved as (
      -- The months of the range that ended by now: a customer's MRR at their start and end.
      select (${periodOfMonth}::int[])[${monthNumber('month')} + 1] as n, customer_id, month, mrr_at_start as s, mrr_at_end as e
      from subscription_mrr_monthly
      where tenant_id = ${tenantId} and month >= ${firstMonth.startDate}::date and month < ${endedBefore}::date
      union all
      -- The month that holds now ends now: its changes before now.
      select ${periodOfMonth[current] ?? 0}::int, customer_id, month, mrr_at_start,
             case when changed_at[cardinality(changed_at)] < ${clock}::timestamptz then mrr_at_end
                  when changed_at[1] >= ${clock}::timestamptz then mrr_at_start
                  else mrr_at_start + (select sum(change) from unnest(changed_at, mrr_changes) as c (at, change) where at < ${clock}::timestamptz)
             end
      from subscription_mrr_monthly
      where tenant_id = ${tenantId} and month = ${currentMonth}::date
    ), moves as (
      ${monthly
        ? tx`select n, customer_id, s, e from moved`
        : // A period's start is its first month's start, its end its last month's end: the smallest and
          // largest of [month, value] pairs (a third of the time of array_agg ordered by month).
          tx`select n, customer_id, (min(array[month - date '2000-01-01', s]))[2] as s, (max(array[month - date '2000-01-01', e]))[2] as e
             from moved group by 1, 2`}
    ), per_period as (
      -- In float8, exact for whole minor units below 2^53, and quicker to add than numeric.
      select p.n,
             count(m.customer_id) filter (where m.s = 0 and m.e > 0) as gained,
             count(m.customer_id) filter (where m.s > 0 and m.e = 0) as lost,
             coalesce(sum((m.e - m.s)::float8), 0) as net_mrr,
             coalesce(sum((m.e - m.s)::float8) filter (where m.s > 0 and m.e > m.s), 0) as expansion,
             coalesce(sum((m.s - m.e)::float8) filter (where m.e > 0 and m.s > m.e), 0) as contraction,
             coalesce(sum(m.s::float8) filter (where m.e = 0), 0) as churned,
             coalesce(sum(m.e::float8) filter (where m.s = 0), 0) as gained_mrr,
             coalesce(sum(m.e::float8) filter (where mc.acquired_at >= p.start_at and mc.acquired_at < p.end_at), 0) as new_customers_mrr
      from metric_periods p
      left join moves m on m.n = p.n
      left join metric_customers mc on mc.customer_id = m.customer_id
      group by p.n
    )
    select x.n as period,
           (${first?.customers ?? 0}::int + coalesce(sum(x.gained - x.lost) over earlier, 0))::int as "atStart",
           (${first?.customers ?? 0}::int + sum(x.gained - x.lost) over so_far)::int as "atEnd",
           x.gained::int as gained, x.lost::int as lost,
           (${first?.mrr ?? 0}::float8 + coalesce(sum(x.net_mrr) over earlier, 0))::float8 as "mrrAtStart",
           (${first?.mrr ?? 0}::float8 + sum(x.net_mrr) over so_far)::float8 as "mrrAtEnd",
           x.expansion::float8 as expansion, x.contraction::float8 as contraction, x.churned::float8 as churned,
           x.gained_mrr::float8 as "gainedMrr", x.new_customers_mrr::float8 as "newCustomersMrr"
    from per_period x
    window earlier as (order by x.n rows between unbounded preceding and 1 preceding),
           so_far as (order by x.n rows between unbounded preceding and current row)
    order by x.n`;
}


/**
 * Order figures when every period is one month: a period's sums are its month's row of
 * tenant_order_monthly, its first-time buyers come from the range's pass (rangeFigures) and its top
 * customers from the end of the month's index by paid amount.
 */
async function monthlyOrderRows(
  tx: TransactionSql,
  { tenantId, calendar, monthRows, firstTimers }: { tenantId: string; calendar: MetricsCalendar; monthRows: MonthRow[]; firstTimers: Map<number, number> },
): Promise<OrderPeriodRow[]> {
  const { months, rangeMonths } = calendar;
  const inRange = monthRows.filter((row) => row.m >= 1 && row.m <= rangeMonths);
  // The top customers of a month: as many as the share of its customers with realised value, rounded
  // up (in numeric, where 0.2 is exact), read from the top of the month's index by paid amount.
  const tops = await tx<Array<{ m: number; topCustomers: number; topRevenue: number }>>`
    select x.m, x.top as "topCustomers",
           (select coalesce(sum(r.paid_amount), 0)::float8 from (
              select paid_amount from order_monthly_rollup
              where tenant_id = ${tenantId} and month = x.month and paid_amount > 0
              order by paid_amount desc limit x.top
            ) r) as "topRevenue"
    from (
      select m, month, ceil(valued * ${TOP_CUSTOMER_SHARE}::numeric)::int as top
      from unnest(${inRange.map((row) => row.m)}::int[], ${inRange.map((row) => months[row.m - 1]?.startDate ?? '')}::date[],
                  ${inRange.map((row) => row.valued)}::int[]) as x (m, month, valued)
    ) x`;
  const topsByMonth = new Map(tops.map((row) => [row.m, row]));
  return inRange
    .map((row) => ({
      period: row.m,
      gross: row.gross,
      refunds: row.refunds,
      kept: row.kept,
      buyers: row.buyers,
      // A buyer of a month is a repeat buyer unless that month holds their first kept order and no other.
      repeatBuyers: row.buyers - (firstTimers.get(row.m) ?? 0),
      revenueCustomers: row.valued,
      topCustomers: topsByMonth.get(row.m)?.topCustomers ?? 0,
      revenue: row.realised,
      topRevenue: topsByMonth.get(row.m)?.topRevenue ?? 0,
    }))
    .sort((a, b) => a.period - b.period);
}

/**
 * Order figures when periods span several months (quarters): a customer's months of a period are added
 * up first, since a customer who buys in two months of a quarter is one buyer of it.
 */
async function periodOrderRows(
  tx: TransactionSql,
  { tenantId, calendar, periodOfMonth, monthNumber }: { tenantId: string; calendar: MetricsCalendar; periodOfMonth: number[]; monthNumber: MonthNumber },
): Promise<OrderPeriodRow[]> {
  const { months, rangeMonths } = calendar;
  const firstMonth = months[0];
  const lastRangeMonth = months[rangeMonths - 1];
  if (!firstMonth || !lastRangeMonth) throw new RangeError('a metrics calendar has at least one month');
  const periodStarts = [null, ...calendar.periods.map((period) => months[period.firstMonth - 1]?.startDate ?? null)];
  return tx<OrderPeriodRow[]>`
    with per_customer as materialized (
      select (${periodOfMonth}::int[])[${monthNumber('month')} + 1] as n, customer_id,
             -- float8 as in the range's values above
             sum((paid_amount + refunded_amount)::float8) as gross, sum(refunded_amount::float8) as refunds,
             sum(paid_orders) as kept, sum(paid_amount::float8) as value
      from order_monthly_rollup
      where tenant_id = ${tenantId} and month >= ${firstMonth.startDate}::date and month < ${lastRangeMonth.endDate}::date
      group by 1, 2
    ), buying as (
      -- A repeat buyer has two kept orders by the end of the period: two in it, or one before it.
      select c.n, sum(c.gross) as gross, sum(c.refunds) as refunds, sum(c.kept) as kept,
             count(*) filter (where c.kept > 0) as buyers,
             count(*) filter (where c.kept >= 2 or (c.kept > 0 and t.first_paid_month < (${periodStarts}::date[])[c.n + 1])) as repeat_buyers
      from per_customer c
      left join customer_order_totals t on t.tenant_id = ${tenantId} and t.customer_id = c.customer_id
      group by c.n
    ), ranked as (
      select n, value, row_number() over (partition by n order by value desc) as rank, count(*) over (partition by n) as customers
      from per_customer where value > 0
    ), concentration as (
      select n, count(*) as customers, ceil(count(*) * ${TOP_CUSTOMER_SHARE}::numeric) as top, sum(value) as revenue,
             sum(value) filter (where rank <= ceil(customers * ${TOP_CUSTOMER_SHARE}::numeric)) as top_revenue
      from ranked group by n
    )
    select b.n as period,
           b.gross::float8 as gross, b.refunds::float8 as refunds, b.kept::int as kept, b.buyers::int as buyers,
           b.repeat_buyers::int as "repeatBuyers",
           coalesce(c.customers, 0)::int as "revenueCustomers", coalesce(c.top, 0)::int as "topCustomers",
           coalesce(c.revenue, 0)::float8 as revenue, coalesce(c.top_revenue, 0)::float8 as "topRevenue"
    from buying b left join concentration c on c.n = b.n
    order by b.n`;
}
