/**
 * Turns the database's aggregates into the metrics of GET /v1/metrics. The definitions live in the
 * response schema's descriptions (shared/schemas/metrics.ts); this file only divides, rounds and applies
 * the shared CLV formulas to the small aggregated rows. A ratio with a zero denominator is null, never
 * Infinity or NaN.
 */
import { customerFigures } from '../../shared/clv/customer-figures.ts';
import {
  CLV_TO_CAC_TARGET,
  COHORT_MONTHS,
  type AverageClv,
  type CohortMetrics,
  type MetricsResponse,
  type PeriodMetrics,
} from '../../shared/schemas/metrics.ts';
import type { ClvMonthRow, MetricAggregates, OrderPeriodRow, SegmentRow } from '../db/metrics-repository.ts';
import type { MetricsCalendar } from './calendar.ts';

const roundTo = (value: number, digits: number) => {
  const scale = 10 ** digits;
  return Math.round(value * scale) / scale;
};

/** numerator / denominator rounded to `digits`, or null when the denominator is 0. */
function ratio(numerator: number, denominator: number, digits = 4): number | null {
  return denominator === 0 ? null : roundTo(numerator / denominator, digits);
}

/** Whole minor units of numerator / denominator, or null when either is 0 (no spend means no CAC). */
function perCustomerCost(spend: number, customers: number): number | null {
  return spend === 0 || customers === 0 ? null : Math.round(spend / customers);
}

interface ClvTotals {
  customers: number;
  /** Value of the customers' kept orders. */
  realised: number;
  kept: number;
  firstKeptEpochSum: number;
}

/**
 * The simple CLV of the average customer: customerFigures (the function behind every customer's own
 * figures) over the averages of the customers' order totals and first-order instants.
 */
function averageClv(totals: ClvTotals, asOf: Date, lifespanYears: number): AverageClv {
  const n = totals.customers;
  const figures = customerFigures(
    n === 0
      ? { grossPaid: 0, refunds: 0, orderCount: 0, firstOrderAt: null }
      : {
          // Only realised value (gross paid - refunds) enters the formula; kept orders are that value.
          grossPaid: totals.realised / n,
          refunds: 0,
          orderCount: totals.kept / n,
          firstOrderAt: new Date((totals.firstKeptEpochSum / n) * 1000),
        },
    { asOf, lifespanYears },
  );
  return { ...figures.simpleClv, customers: n };
}

/** Running totals of the CLV rows up to and including each month (index = month, 0 = before the range). */
function cumulativeClvTotals(rows: ClvMonthRow[], months: number): ClvTotals[] {
  const byMonth = new Map(rows.map((row) => [row.month, row]));
  const running: ClvTotals = { customers: 0, realised: 0, kept: 0, firstKeptEpochSum: 0 };
  const totals: ClvTotals[] = [];
  for (let month = 0; month <= months; month += 1) {
    const row = byMonth.get(month);
    if (row) {
      running.customers += row.customers;
      running.realised += row.realised;
      running.kept += row.kept;
      running.firstKeptEpochSum += row.firstKeptEpochSum;
    }
    totals.push({ ...running });
  }
  return totals;
}

function concentration(row: OrderPeriodRow | undefined): PeriodMetrics['concentration'] {
  const customers = row?.revenueCustomers ?? 0;
  const revenue = row?.revenue ?? 0;
  const topRevenue = row?.topRevenue ?? 0;
  return { customers, topCustomers: row?.topCustomers ?? 0, revenue, topRevenue, topShare: ratio(topRevenue, revenue) };
}

export interface AssembleInput {
  aggregates: MetricAggregates;
  calendar: MetricsCalendar;
  clock: Date;
  tenant: { currency: string; timeZone: string; lifespanYears: number };
  interval: MetricsResponse['interval'];
  segment: 'industry' | 'size' | 'plan' | undefined;
}

export function assembleMetrics({ aggregates, calendar, clock, tenant, interval, segment }: AssembleInput): MetricsResponse {
  const { lifespanYears } = tenant;
  const { monthBounds } = aggregates;
  const bounds = (month: number) => {
    const entry = monthBounds[month - 1];
    if (!entry) throw new RangeError(`no bounds for month ${month}`);
    return entry;
  };
  const asOf = (end: Date) => new Date(Math.min(end.getTime(), clock.getTime()));

  const acquiredByMonth = new Map(aggregates.acquired.map((row) => [row.month, row.customers]));
  const spendByMonth = new Map<number, number>();
  for (const row of aggregates.spend) spendByMonth.set(row.month, (spendByMonth.get(row.month) ?? 0) + row.amount);
  const clvTotals = cumulativeClvTotals(aggregates.clvMonths, calendar.months.length);
  const clvTotalsAt = (month: number): ClvTotals => clvTotals[month] ?? { customers: 0, realised: 0, kept: 0, firstKeptEpochSum: 0 };
  const subscriptionsByPeriod = new Map(aggregates.subscriptions.map((row) => [row.period, row]));
  const ordersByPeriod = new Map(aggregates.orders.map((row) => [row.period, row]));
  const npsByPeriod = new Map(aggregates.nps.map((row) => [row.period, row]));

  const periods: PeriodMetrics[] = calendar.periods.map((period, index) => {
    const n = index + 1;
    const start = bounds(period.firstMonth).start;
    const end = bounds(period.lastMonth).end;
    const inPeriod = (month: number) => month >= period.firstMonth && month <= period.lastMonth;

    const s = subscriptionsByPeriod.get(n);
    const atStart = s?.atStart ?? 0;
    const mrrAtStart = s?.mrrAtStart ?? 0;
    const revenue = {
      mrrAtStart,
      mrrAtEnd: s?.mrrAtEnd ?? 0,
      expansion: s?.expansion ?? 0,
      contraction: s?.contraction ?? 0,
      churned: s?.churned ?? 0,
      gained: s?.gainedMrr ?? 0,
      newCustomers: s?.newCustomersMrr ?? 0,
    };

    const o = ordersByPeriod.get(n);
    const kept = o?.kept ?? 0;
    const buyers = o?.buyers ?? 0;
    const realisedValue = (o?.gross ?? 0) - (o?.refunds ?? 0);

    const v = npsByPeriod.get(n);
    const responses = v?.responses ?? 0;

    const customersAcquired = [...acquiredByMonth].filter(([month]) => inPeriod(month)).reduce((sum, [, count]) => sum + count, 0);
    const channelSpend = new Map<string, number>();
    for (const row of aggregates.spend) {
      if (inPeriod(row.month)) channelSpend.set(row.channel, (channelSpend.get(row.channel) ?? 0) + row.amount);
    }
    const spend = Math.round([...channelSpend.values()].reduce((sum, amount) => sum + amount, 0));
    const cac = perCustomerCost(spend, customersAcquired);
    const byChannel = [...channelSpend]
      .map(([channel, amount]) => ({ channel, spend: Math.round(amount), cac: perCustomerCost(Math.round(amount), customersAcquired) }))
      .sort((a, b) => b.spend - a.spend || a.channel.localeCompare(b.channel));
    const newMrrPerCustomer = customersAcquired === 0 ? 0 : revenue.newCustomers / customersAcquired;

    const clv = averageClv(clvTotalsAt(period.lastMonth), asOf(end), lifespanYears);
    const clvToCac = cac === null ? null : ratio(clv.amount, cac, 2);

    return {
      period: period.label,
      start: start.toISOString(),
      end: end.toISOString(),
      complete: end.getTime() <= clock.getTime(),
      customers: {
        atStart,
        atEnd: s?.atEnd ?? 0,
        gained: s?.gained ?? 0,
        lost: s?.lost ?? 0,
        retentionRate: ratio((s?.atEnd ?? 0) - (s?.gained ?? 0), atStart),
        churnRate: ratio(s?.lost ?? 0, atStart),
      },
      revenue: {
        ...revenue,
        revenueChurnRate: ratio(revenue.contraction + revenue.churned, mrrAtStart),
        grossRevenueRetention: ratio(mrrAtStart - revenue.contraction - revenue.churned, mrrAtStart),
        netRevenueRetention: ratio(mrrAtStart + revenue.expansion - revenue.contraction - revenue.churned, mrrAtStart),
        existingCustomerGrowthRate: ratio(revenue.mrrAtEnd - revenue.newCustomers - mrrAtStart, mrrAtStart),
      },
      orders: {
        grossValue: o?.gross ?? 0,
        refunds: o?.refunds ?? 0,
        realisedValue,
        keptOrders: kept,
        buyers,
        repeatBuyers: o?.repeatBuyers ?? 0,
        averageOrderValue: kept === 0 ? null : Math.round(realisedValue / kept),
        purchaseFrequency: ratio(kept, buyers, 2),
        repeatPurchaseRate: ratio(o?.repeatBuyers ?? 0, buyers),
      },
      nps: {
        responses,
        promoters: v?.promoters ?? 0,
        passives: v?.passives ?? 0,
        detractors: v?.detractors ?? 0,
        score: ratio(((v?.promoters ?? 0) - (v?.detractors ?? 0)) * 100, responses, 1),
      },
      acquisition: {
        customersAcquired,
        spend,
        cac,
        byChannel,
        cacPaybackMonths: cac === null || newMrrPerCustomer === 0 ? null : roundTo(cac / newMrrPerCustomer, 1),
      },
      value: {
        averageClv: clv,
        clvToCac,
        clvToCacBelowTarget: clvToCac === null ? null : clvToCac < CLV_TO_CAC_TARGET,
      },
      concentration: concentration(o),
    };
  });

  const cohortValues = new Map<string, number>();
  for (const row of aggregates.cohortRevenue) cohortValues.set(`${row.cohort}:${row.offset}`, row.value);
  const cohorts: CohortMetrics[] = [];
  for (let month = 1; month <= calendar.rangeMonths; month += 1) {
    const customers = acquiredByMonth.get(month) ?? 0;
    const acquisitionSpend = Math.round(spendByMonth.get(month) ?? 0);
    // Months of the curve: those begun by now, within the months the calendar follows.
    const cumulativeRevenue: number[] = [];
    let running = 0;
    for (let offset = 0; offset < COHORT_MONTHS && month + offset <= monthBounds.length; offset += 1) {
      if (bounds(month + offset).start.getTime() > clock.getTime()) break;
      running += cohortValues.get(`${month}:${offset}`) ?? 0;
      cumulativeRevenue.push(running);
    }
    const breakEven = acquisitionSpend === 0 ? -1 : cumulativeRevenue.findIndex((value) => value >= acquisitionSpend);
    cohorts.push({
      cohort: calendar.months[month - 1]?.month ?? '',
      customers,
      acquisitionSpend,
      cac: perCustomerCost(acquisitionSpend, customers),
      cumulativeRevenue,
      ccr12: cumulativeRevenue[11] ?? null,
      ccr24: cumulativeRevenue[23] ?? null,
      breakEvenMonth: breakEven === -1 ? null : breakEven,
    });
  }

  const rangeEnd = bounds(calendar.rangeMonths).end;
  const segmentValues = (rows: SegmentRow[]) =>
    rows
      .map((row) => ({ value: row.value, averageClv: averageClv(row, asOf(rangeEnd), lifespanYears) }))
      .sort((a, b) => b.averageClv.amount - a.averageClv.amount || String(a.value).localeCompare(String(b.value)));

  return {
    currency: tenant.currency,
    timeZone: tenant.timeZone,
    interval,
    from: calendar.fromDate,
    to: calendar.toDate,
    asOf: clock.toISOString(),
    periods,
    cohorts,
    concentration: concentration(ordersByPeriod.get(0)),
    segments: segment && aggregates.segments ? { dimension: segment, values: segmentValues(aggregates.segments) } : null,
  };
}
