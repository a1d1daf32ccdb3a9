import { z } from 'zod';

/**
 * `GET /v1/metrics`: the vendor's retention and value metrics, per calendar month or quarter of the
 * tenant's time zone. Every `.describe()` below is the metric's definition as the API reference shows it.
 *
 * Shared vocabulary:
 * - active (paying) customer at an instant: covered by a subscription record with MRR > 0 at that instant,
 *   i.e. started before it and not ended before it. A record that ends exactly at a period's start counts at
 *   the end of the previous period (the customer is lost in the period of the end date).
 * - MRR of a customer at an instant: the sum of the MRR of the records covering it.
 * - kept order: an order with status "paid" (a refunded order is counted in gross value and in refunds).
 * - realised value: the value of kept orders (gross minus refunds), as the customer sees it.
 * - acquired: the customer's first paying event, the earlier of the first kept order and the start of
 *   the first subscription record with MRR > 0.
 * Orders (money received) and subscriptions (recurring run rate) are never added together, so a vendor that
 * sends its subscription invoices as orders is not counted twice. Ratios are fractions (0.25 = 25%) rounded
 * to 4 decimals, money is integer minor units of `currency`, and a ratio whose denominator is zero is null.
 */

const Money = z.number().int().describe('integer minor units of the tenant currency');
const Count = z.number().int().nonnegative();
const Rate = z.number().nullable();

export const METRIC_INTERVALS = ['month', 'quarter'] as const;
export const METRIC_SEGMENTS = ['industry', 'size', 'plan'] as const;
/** A request may span at most this many calendar months (periods and acquisition cohorts are monthly work). */
export const MAX_METRIC_MONTHS = 120;
/** The share of customers that Pareto concentration looks at. */
export const TOP_CUSTOMER_SHARE = 0.2;
/** A CLV:CAC ratio below this is flagged. */
export const CLV_TO_CAC_TARGET = 3;
/** Cohort curves run this many months from the acquisition month. */
export const COHORT_MONTHS = 24;

const IsoDate = z.iso.date();

export const MetricsQuerySchema = z.strictObject({
  from: IsoDate.optional().describe(
    'a date in the tenant time zone: the first period is the month or quarter that contains it. Default: 3 quarters or 11 months before `to`',
  ),
  to: IsoDate.optional().describe('a date in the tenant time zone: the last period is the month or quarter that contains it. Default: today'),
  interval: z.enum(METRIC_INTERVALS).default('quarter').describe('period length; quarterly by default, as revenue churn is usually read'),
  segment: z
    .enum(METRIC_SEGMENTS)
    .optional()
    .describe(
      "customer attribute to break average CLV down by (the customers' industry, size or plan). Loyalty tier and lifecycle stage are not available as segments yet",
    ),
});
export type MetricsQuery = z.infer<typeof MetricsQuerySchema>;

export const AverageClvSchema = z
  .object({
    amount: Money.describe('averageOrderValue x purchasesPerYear x lifespanYears, rounded to whole minor units'),
    averageOrderValue: Money.describe('realised value of these customers / their kept orders, up to the as-of instant'),
    purchasesPerYear: z
      .number()
      .nonnegative()
      .describe(
        'the average customer\'s kept orders / years observed, where years observed is the average tenure since the first kept order, counted as at least 1 year (2 decimals)',
      ),
    lifespanYears: z.number().positive().describe("the tenant's expected lifespan setting"),
    customers: Count.describe('customers with at least one kept order by the as-of instant, over whom the average is taken'),
  })
  .describe(
    "Average CLV: the open simple CLV formula customers see on their own figures, applied to the average customer (the averages of the customers' realised value, kept orders and first-order date). Zero when there are no such customers",
  );
export type AverageClv = z.infer<typeof AverageClvSchema>;

export const CustomerRetentionSchema = z.object({
  atStart: Count.describe('S: active customers at the start of the period'),
  atEnd: Count.describe('E: active customers at the end of the period (or now, for a period not over yet)'),
  gained: Count.describe('N: customers active at the end who were not at the start: new customers and customers who came back'),
  lost: Count.describe('customers active at the start who are not at the end; a customer who leaves and returns within the period is not lost'),
  retentionRate: Rate.describe('customer retention rate (E - N) / S; null when S = 0'),
  churnRate: Rate.describe('customer churn rate lost / S (= 1 - retention rate); null when S = 0'),
});

export const RevenueRetentionSchema = z.object({
  mrrAtStart: Money.describe('MRR of all active customers at the start of the period'),
  mrrAtEnd: Money.describe('MRR of all active customers at the end of the period'),
  expansion: Money.describe('sum of MRR increases of customers active at both start and end (upgrades, add-ons)'),
  contraction: Money.describe('sum of MRR decreases of customers active at both start and end (downgrades)'),
  churned: Money.describe('MRR at the start of the customers lost in the period (cancellations)'),
  gained: Money.describe('MRR at the end of the customers gained in the period (new and returning); mrrAtEnd = mrrAtStart + expansion - contraction - churned + gained'),
  newCustomers: Money.describe('MRR at the end of the customers acquired in the period (first paying event in it): the new sales'),
  revenueChurnRate: Rate.describe('revenue churn rate (contraction + churned) / mrrAtStart: MRR lost to downgrades and cancellations; null when mrrAtStart = 0'),
  grossRevenueRetention: Rate.describe('GRR (mrrAtStart - contraction - churned) / mrrAtStart, at most 1; null when mrrAtStart = 0'),
  netRevenueRetention: Rate.describe('NRR (mrrAtStart + expansion - contraction - churned) / mrrAtStart: what the customers of the start pay at the end; null when mrrAtStart = 0'),
  existingCustomerGrowthRate: Rate.describe(
    'existing-customer revenue growth rate (mrrAtEnd - newCustomers - mrrAtStart) / mrrAtStart: MRR growth from customers acquired before the period (returning ones included), new sales excluded; null when mrrAtStart = 0',
  ),
});

export const OrderMetricsSchema = z.object({
  grossValue: Money.describe('sum of every order dated in the period, refunded ones included'),
  refunds: Money.describe('sum of the refunded orders dated in the period'),
  realisedValue: Money.describe('grossValue - refunds: the value of the kept orders'),
  keptOrders: Count.describe('orders dated in the period that were paid and not refunded'),
  buyers: Count.describe('customers with at least one kept order in the period'),
  repeatBuyers: Count.describe('buyers with at least two kept orders up to the end of the period (bought before, or twice in it)'),
  averageOrderValue: Money.nullable().describe('realisedValue / keptOrders, whole minor units; null without kept orders'),
  purchaseFrequency: z.number().nullable().describe('keptOrders / buyers: kept orders per buying customer in the period (2 decimals); null without buyers'),
  repeatPurchaseRate: Rate.describe('repeatBuyers / buyers; null without buyers'),
});

export const NpsMetricsSchema = z.object({
  responses: Count.describe("customers who answered in the period (a customer's latest answer in the period counts, once)"),
  promoters: Count.describe('answers 9-10'),
  passives: Count.describe('answers 7-8'),
  detractors: Count.describe('answers 0-6'),
  score: z.number().nullable().describe('NPS = % promoters - % detractors, from -100 to 100 (1 decimal); null without answers'),
});

export const ChannelSpendSchema = z.object({
  channel: z.string(),
  spend: Money.describe("the channel's spend allocated to the period"),
  cac: Money.nullable().describe(
    "spend / customersAcquired (all customers acquired in the period: customers carry no acquisition channel yet, so this is the channel's share of the blended CAC and the channels' figures add up to it); null when the spend or customersAcquired is 0",
  ),
});

export const AcquisitionMetricsSchema = z.object({
  customersAcquired: Count.describe('customers whose first paying event (first kept order or first paid subscription) is in the period'),
  spend: Money.describe(
    'acquisition spend allocated to the period: each spend record spread evenly over its days, the days in the period counted (rounded to whole minor units)',
  ),
  cac: Money.nullable().describe('CAC = spend / customersAcquired, whole minor units; null when no spend is recorded for the period (or it is 0) or no customer was acquired'),
  byChannel: z.array(ChannelSpendSchema).describe('spend per channel, largest first'),
  cacPaybackMonths: z
    .number()
    .nullable()
    .describe('CAC payback = cac / (acquired customers\' MRR at the end of the period / customersAcquired), in months on revenue (no margin is known for subscriptions), 1 decimal; null when cac is null or that MRR is 0'),
});

export const ValueMetricsSchema = z.object({
  averageClv: AverageClvSchema.describe('average CLV as of the end of the period (or now, for a period not over yet)'),
  clvToCac: z.number().nullable().describe('CLV:CAC = averageClv.amount / acquisition.cac (2 decimals); null when cac is null'),
  clvToCacBelowTarget: z.boolean().nullable().describe(`true when clvToCac < ${CLV_TO_CAC_TARGET}, the usual floor for healthy acquisition; null when clvToCac is null`),
});

export const ConcentrationSchema = z
  .object({
    customers: Count.describe('customers with realised value > 0'),
    topCustomers: Count.describe(`the top ${TOP_CUSTOMER_SHARE * 100}% of them by realised value, rounded up (ties broken by customer id)`),
    revenue: Money.describe('their total realised value'),
    topRevenue: Money.describe('realised value of the top customers'),
    topShare: Rate.describe('topRevenue / revenue (Pareto: the share of revenue from the top 20% of customers); null without revenue'),
  })
  .describe('Revenue concentration over realised order value');

export const PeriodMetricsSchema = z.object({
  period: z.string().describe('"2025-03" for a month, "2025-Q1" for a quarter, in the tenant time zone'),
  start: z.string().describe('first instant of the period (ISO 8601)'),
  end: z.string().describe('first instant after the period (ISO 8601)'),
  complete: z.boolean().describe('false when the period is not over yet: states "at the end" are then taken now'),
  customers: CustomerRetentionSchema,
  revenue: RevenueRetentionSchema.describe('MRR movements from the subscription records'),
  orders: OrderMetricsSchema.describe('from the orders dated in the period'),
  nps: NpsMetricsSchema,
  acquisition: AcquisitionMetricsSchema,
  value: ValueMetricsSchema,
  concentration: ConcentrationSchema.describe('revenue concentration over the realised value of the period'),
});
export type PeriodMetrics = z.infer<typeof PeriodMetricsSchema>;

export const CohortMetricsSchema = z.object({
  cohort: z.string().describe('acquisition month "YYYY-MM": customers whose first paying event is in it'),
  customers: Count,
  acquisitionSpend: Money.describe("acquisition spend allocated to the cohort's month"),
  cac: Money.nullable().describe('acquisitionSpend / customers; null when either is 0'),
  cumulativeRevenue: z
    .array(Money)
    .describe(
      `cumulative cohort revenue (CCR): entry k is the realised value of the cohort's customers from the start of the cohort month to the end of month k (0 = the cohort month), for the months begun by now, at most ${COHORT_MONTHS}`,
    ),
  ccr12: Money.nullable().describe('CCR over 12 months (entry 11); null until those 12 months have begun'),
  ccr24: Money.nullable().describe('CCR over 24 months (entry 23); null until those 24 months have begun'),
  breakEvenMonth: z
    .number()
    .int()
    .nullable()
    .describe('the first k at which cumulativeRevenue[k] >= acquisitionSpend (0 = the cohort month); null without spend or before break-even'),
});
export type CohortMetrics = z.infer<typeof CohortMetricsSchema>;

export const SegmentClvSchema = z.object({
  value: z.string().nullable().describe('the attribute value; null for customers without one'),
  averageClv: AverageClvSchema,
});

export const MetricsResponseSchema = z.object({
  currency: z.string().length(3),
  timeZone: z.string().describe('periods and months are calendar periods of this time zone'),
  interval: z.enum(METRIC_INTERVALS),
  from: IsoDate.describe('first day of the first period'),
  to: IsoDate.describe('last day of the last period'),
  asOf: z.string().describe('the instant the metrics were computed at (ISO 8601)'),
  periods: z.array(PeriodMetricsSchema),
  cohorts: z.array(CohortMetricsSchema).describe('one monthly acquisition cohort per month of the range, with its cumulative revenue against its CAC'),
  concentration: ConcentrationSchema.describe('revenue concentration over the realised value of the whole range'),
  segments: z
    .object({
      dimension: z.enum(METRIC_SEGMENTS),
      values: z.array(SegmentClvSchema).describe('average CLV per attribute value, as of the end of the range, largest first'),
    })
    .nullable()
    .describe('average CLV by segment when `segment` is given, else null'),
});
export type MetricsResponse = z.infer<typeof MetricsResponseSchema>;
