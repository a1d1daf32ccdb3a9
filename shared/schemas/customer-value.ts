import { z } from 'zod';
import { LoyaltySchema } from './loyalty.ts';
import { CustomerSuggestionsSchema } from './suggestions.ts';

/**
 * The open-book value view of one customer: what `GET /v1/me` answers to the widget and
 * `GET /v1/customers/:customerId/value` answers to the vendor. Every figure carries the inputs it was
 * computed from, so the widget can show "how is this calculated" in the customer's own numbers.
 * Money is in integer minor units of `currency` (cents for USD).
 */

const Money = z.number().int().describe('integer minor units of the tenant currency');
const IsoDate = z.string().describe('ISO 8601 date-time');

export const RealisedValueSchema = z.object({
  amount: Money.describe('gross paid minus refunds'),
  grossPaid: Money.describe('sum of every order the customer paid'),
  refunds: Money.describe('sum of the orders that were refunded'),
});

export const AverageOrderValueSchema = z.object({
  amount: Money.describe('realised value / orders kept'),
  realisedValue: Money,
  orderCount: z.number().int().nonnegative().describe('paid orders that were not refunded'),
});

export const TenureSchema = z.object({
  since: IsoDate.nullable().describe('date of the first order; null before the first order'),
  days: z.number().int().nonnegative(),
  years: z.number().nonnegative().describe('days / 365.25'),
});

export const PurchaseFrequencySchema = z.object({
  perYear: z.number().nonnegative().describe('orderCount / yearsObserved'),
  orderCount: z.number().int().nonnegative(),
  yearsObserved: z.number().positive().describe('tenure in years, counted as at least minimumYears'),
  minimumYears: z.number().positive().describe('floor that keeps a busy first month from being projected as a full year'),
});

export const ExpectedLifespanSchema = z.object({
  years: z.number().positive(),
  source: z.enum(['tenant-setting']).describe('where the lifespan comes from'),
});

export const SimpleClvSchema = z.object({
  amount: Money.describe('averageOrderValue x purchasesPerYear x lifespanYears'),
  averageOrderValue: Money,
  purchasesPerYear: z.number().nonnegative(),
  lifespanYears: z.number().positive(),
});

export const MonthlyValueSchema = z.object({
  month: z.string().regex(/^\d{4}-\d{2}$/).describe('calendar month in the tenant time zone'),
  value: Money.describe('value realised in that month'),
  cumulative: Money.describe('value realised up to the end of that month'),
});

export const PredictionSchema = z.object({
  model: z.literal('bg-nbd+gamma-gamma').describe('BG/NBD (Fader, Hardie & Lee 2005) for purchases, gamma-gamma (Fader & Hardie 2013) for spend'),
  computedAt: IsoDate,
  horizonMonths: z.number().int().positive(),
  annualDiscountRate: z.number(),
  probabilityAlive: z.number().min(0).max(1).optional().describe('P(still a customer) given how often and how recently they bought; absent for customers when the vendor hides it (program disclosure)'),
  expectedPurchases: z.number().nonnegative().describe('expected purchases over the horizon'),
  expectedSpendPerPurchase: Money.describe("the customer's own average, shrunk towards the average of all customers"),
  predictedValue: Money.describe('expected purchases x spend per purchase, month by month, each month discounted'),
  inputs: z.object({
    repeatPurchases: z.number().int().nonnegative().describe('purchase days after the first'),
    weeksSinceFirstPurchase: z.number().nonnegative(),
    weeksSinceLastPurchase: z.number().nonnegative(),
    averageRepeatPurchaseValue: Money.describe('mean value of the repeat purchase days; 0 without repeats'),
  }),
  parameters: z.object({
    r: z.number(),
    alpha: z.number(),
    a: z.number(),
    b: z.number(),
    p: z.number(),
    q: z.number(),
    gamma: z.number(),
  }).describe('the tenant-wide fitted parameters, in weeks and minor units'),
});

export const SubscriptionPredictionSchema = z.object({
  model: z.literal('sbg').describe('shifted-beta-geometric retention (Fader & Hardie 2007), fitted on all the tenant subscribers'),
  computedAt: IsoDate,
  active: z.boolean(),
  mrr: Money.describe('monthly recurring revenue now'),
  monthsRenewed: z.number().int().nonnegative().describe('months renewed since the first subscription started'),
  renewalProbability: z.number().min(0).max(1).nullable().describe('(beta + n) / (alpha + beta + n) after n renewals; null when cancelled'),
  expectedValue: Money.describe('MRR x expected renewals within the horizon, each month discounted'),
  residualValue: Money.describe('MRR x discounted expected residual lifetime (Fader & Hardie 2010)'),
  parameters: z.object({ alpha: z.number(), beta: z.number() }),
});

export const CustomerValueSchema = z.object({
  customer: z.object({
    id: z.string().describe("the vendor's externalId"),
    name: z.string().nullable(),
  }),
  currency: z.string().length(3),
  asOf: IsoDate,
  figures: z.object({
    realisedValue: RealisedValueSchema,
    averageOrderValue: AverageOrderValueSchema,
    purchaseFrequency: PurchaseFrequencySchema,
    tenure: TenureSchema,
    expectedLifespan: ExpectedLifespanSchema,
    simpleClv: SimpleClvSchema,
  }),
  history: z.array(MonthlyValueSchema).describe('one entry per month from the first order to asOf'),
  prediction: PredictionSchema.nullable().optional().describe('null until the tenant has been scored (POST /v1/scores/refresh)'),
  subscription: SubscriptionPredictionSchema.nullable().optional().describe('null for customers without subscriptions or before scoring'),
  loyalty: LoyaltySchema.optional().describe("the customer's standing in the loyalty program (GET /v1/program)"),
  suggestions: CustomerSuggestionsSchema.optional().describe('products worth taking, ranked, with their projected effect; absent when the vendor has no catalogue (POST /v1/products)'),
});

export type CustomerValue = z.infer<typeof CustomerValueSchema>;
export type MonthlyValue = z.infer<typeof MonthlyValueSchema>;
export type Prediction = z.infer<typeof PredictionSchema>;
export type SubscriptionPrediction = z.infer<typeof SubscriptionPredictionSchema>;
