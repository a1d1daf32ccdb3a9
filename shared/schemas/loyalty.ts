import { z } from 'zod';
import { MILESTONE_KINDS, QUALIFYING_METRICS, QUALIFYING_WINDOWS, REWARD_KINDS } from './program.ts';

/**
 * A customer's standing in the tenant's loyalty program: the `loyalty` field of `GET /v1/me` and of
 * `GET /v1/customers/:customerId/value`. Computed by the scoring job and on every data change
 * (server/scoring/loyalty.ts) from the rules of shared/loyalty, and stored per customer.
 *
 * Open book: each figure carries the inputs it comes from (a threshold, the qualifying value and its
 * window, the dates), so the widget can say how it was calculated. Dates are calendar dates in the
 * tenant's time zone (`timeZone`); "through" dates are inclusive. Values of the qualifying metric are in
 * its own unit: minor units for spend, a count for orders, points for points earned.
 */

export const LOYALTY_STAGES = ['acquisition', 'growth', 'maturity', 'maintenance', 'churn-risk', 'lapsed', 'won-back'] as const;
export type LifecycleStage = (typeof LOYALTY_STAGES)[number];

/** Why a customer is in their stage; the widget words them (i18n), the inputs give the numbers. */
export const LIFECYCLE_RULES = [
  'no-orders-yet',
  'lapsed-probability-alive',
  'lapsed-days-without-order',
  'churn-risk-probability-alive',
  'churn-risk-days-without-order',
  'won-back-after-gap',
  'acquisition-first-days',
  'growth-first-year',
  'growth-spend-rising',
  'maintenance-spend-falling',
  'maturity-spend-steady',
] as const;
export type LifecycleRule = (typeof LIFECYCLE_RULES)[number];

const Day = z.iso.date().describe('calendar date in the tenant time zone');
const Value = z.number().describe('in the unit of the qualifying metric');
const Money = z.number().int().describe('integer minor units of the tenant currency');
const Fraction = z.number().min(0).max(1);

export const TierRefSchema = z.object({
  id: z.string(),
  name: z.string(),
  rank: z.number().int().min(0).describe('0 for the first tier'),
  atLeast: Value.describe('qualifying value that reaches the tier'),
  keepAtLeast: Value.describe('qualifying value that keeps it'),
  graceMonths: z.number().int(),
  benefits: z.array(z.string()),
  rewards: z.array(z.string()).describe('ids of the rewards this tier unlocks by itself'),
});

export const ShortfallSchema = z
  .object({
    byDate: Day.describe('12 months from today'),
    amount: Value.describe('still missing on that date at the current pace'),
    ordersAtYourAverage: z.number().int().nullable().describe('extra orders of your expected size that close the gap'),
  })
  .describe('what would change "not at your current pace"');

export const PaceProjectionSchema = z.object({
  reachedOn: Day.nullable().describe('the first day the target is reached at the current pace; null: not within the horizon'),
  basis: z.enum(['pace', 'calendar']).describe('pace: expected purchases of the model; calendar: a date that only needs time to pass'),
  shortfall: ShortfallSchema.nullable(),
});

export const TierTransitionSchema = z.object({
  date: Day,
  kind: z.enum(['reached', 'fell-below', 'recovered', 'lost']),
  tierId: z.string().describe('the tier held after the event'),
  value: Value.describe('qualifying value that day'),
});

export const RetentionSchema = z.object({
  status: z.enum(['base', 'kept', 'in-grace', 'never-expires', 'override']).describe(
    'base: the first tier, nothing to keep; kept: above keepAtLeast; in-grace: below it, kept until keptThrough; ' +
      'never-expires: a lifetime qualifying value cannot fall; override: set by the vendor until its end date',
  ),
  keepAtLeast: Value,
  graceMonths: z.number().int(),
  fellBelowOn: Day.nullable().describe('in grace since this day'),
  fallsBelowOn: Day.nullable().describe('with no new orders, the first day under keepAtLeast (as orders leave the window)'),
  keptThrough: Day.nullable().describe('with no new orders, the last day with the tier; null: no end'),
  expiresOn: Day.nullable().describe('the day after keptThrough'),
  tierAfter: z.object({ id: z.string(), name: z.string() }).nullable().describe('the tier from expiresOn, with no new orders'),
  amountToKeep: Value.describe('keepAtLeast (atLeast under an override) minus valueOnKeptThrough: what must be added by keptThrough'),
  valueOnKeptThrough: Value.describe('qualifying value on keptThrough with no new orders'),
  atYourPace: z
    .object({ keeps: z.boolean(), projectedValueOnKeptThrough: Value })
    .nullable()
    .describe('null without a model or without an end date'),
});

export const TierStateSchema = z.object({
  current: TierRefSchema,
  since: Day.nullable(),
  source: z.enum(['qualified', 'override']),
  qualifying: z.object({
    metric: z.enum(QUALIFYING_METRICS),
    window: z.enum(QUALIFYING_WINDOWS),
    value: Value,
    from: Day.nullable().describe('first day of the window (null: lifetime, or no orders)'),
    through: Day,
    computedTier: z.object({ id: z.string(), name: z.string(), since: Day.nullable() }).describe('the tier the data gives, override or not'),
  }),
  override: z
    .object({ tierId: z.string(), tierName: z.string(), endsOn: Day, reason: z.string().nullable().optional().describe("the vendor's own note; absent for customers"), setAt: z.string() })
    .nullable()
    .describe("a tier set by the vendor through endsOn; from the next day the customer's own data decides"),
  next: z
    .object({
      tier: TierRefSchema,
      amountNeeded: Value.describe('next.atLeast minus the qualifying value today'),
      fraction: Fraction.describe('progress from the current tier to the next one'),
      projection: PaceProjectionSchema.nullable(),
    })
    .nullable(),
  retention: RetentionSchema,
  history: z.array(TierTransitionSchema).describe('the most recent tier events, newest first (up to 10)'),
});

export const MilestoneStateSchema = z.object({
  id: z.string(),
  name: z.string(),
  kind: z.enum(MILESTONE_KINDS),
  description: z.string().nullable(),
  target: z.number(),
  current: z.number().describe('progress in the unit of the target (years, minor units, orders, products)'),
  fraction: Fraction,
  reached: z.boolean(),
  reachedOn: Day.nullable(),
  points: z.number().int(),
  projection: PaceProjectionSchema.nullable().describe('null when reached, or when nothing can project it'),
});

export const RewardMissingSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('tier'), tierId: z.string(), tierName: z.string(), amountNeeded: Value }),
  z.object({ type: z.literal('milestone'), milestoneId: z.string(), milestoneName: z.string(), remaining: z.number() }),
  z.object({ type: z.literal('rolling-12-month-spend'), atLeast: Money, value: Money, amountNeeded: Money }),
  z.object({ type: z.literal('points'), pointsCost: z.number().int(), balance: z.number().int(), pointsNeeded: z.number().int() }),
]);

export const RewardStateSchema = z.object({
  id: z.string(),
  name: z.string(),
  kind: z.enum(REWARD_KINDS),
  description: z.string().nullable(),
  terms: z.object({
    percent: z.number().optional(),
    minimumOrderAmount: Money.optional(),
    repeatOrdersOnly: z.boolean().optional(),
    access: z.array(z.string()).optional(),
  }),
  spendable: z.boolean().describe('true: bought with points; false: a status benefit'),
  pointsCost: z.number().int().nullable(),
  status: z.enum(['active', 'redeemable', 'locked']).describe('active: a status benefit in use; redeemable: can be bought with points now'),
  missing: z.array(RewardMissingSchema).describe('what still unlocks it'),
});

export const LedgerEntrySchema = z.object({
  id: z.string(),
  date: Day,
  kind: z.enum(['earned', 'redeemed', 'expired']),
  points: z.number().int().describe('signed: earned > 0, redeemed and expired < 0'),
  balance: z.number().int().describe('balance after this entry'),
  reason: z.object({
    code: z.enum(['order', 'milestone', 'redemption', 'expiry']),
    ref: z.string().nullable().describe('order id, milestone id or redemption id'),
    amount: Money.optional().describe('order amount the points were earned on'),
    note: z.string().optional(),
  }),
});
export type LedgerEntry = z.infer<typeof LedgerEntrySchema>;

export const PointsStateSchema = z.object({
  balance: z.number().int(),
  earned: z.number().int(),
  redeemed: z.number().int(),
  expired: z.number().int(),
  earnPerCurrencyUnit: z.number(),
  expiryMonths: z.number().int().nullable(),
  nextExpiry: z.object({ points: z.number().int(), usableThrough: Day }).nullable(),
  entries: z.array(LedgerEntrySchema).describe('newest first, up to 10'),
  entryCount: z.number().int(),
});

export const LifecycleSchema = z.object({
  stage: z.enum(LOYALTY_STAGES),
  rule: z.enum(LIFECYCLE_RULES),
  inputs: z.object({
    tenureDays: z.number().int().nullable(),
    daysSinceLastOrder: z.number().int().nullable(),
    probabilityAlive: z.number().nullable().optional().describe('absent when the vendor hides P(alive) from customers'),
    repeatPurchases: z.number().int().nullable(),
    spendLast12Months: Money,
    spendPrevious12Months: Money,
    trend: z.number().nullable().describe('spendLast12Months / spendPrevious12Months'),
    returnedAfterGap: z.object({ returnedOn: Day, gapDays: z.number().int() }).nullable(),
  }),
  thresholds: z.record(z.string(), z.number()),
});

export const PaceSchema = z.object({
  available: z.boolean(),
  reason: z.enum(['not-scored', 'no-orders']).nullable(),
  model: z.literal('bg-nbd').nullable(),
  computedAt: z.string().nullable(),
  expectedPurchasesNext12Months: z.number().nullable(),
  spendPerPurchase: Money.nullable().describe('expected spend per purchase (gamma-gamma)'),
  probabilityAlive: z.number().nullable().optional().describe('absent when the vendor hides P(alive) from customers'),
  horizonMonths: z.number().int(),
});

export const LoyaltySchema = z.object({
  programVersion: z.number().int(),
  programName: z.string(),
  computedAt: z.string(),
  asOfDate: Day,
  timeZone: z.string(),
  tier: TierStateSchema,
  milestones: z.array(MilestoneStateSchema),
  rewards: z.array(RewardStateSchema),
  points: PointsStateSchema,
  lifecycle: LifecycleSchema.optional().describe('absent when the vendor does not disclose lifecycle stages to customers'),
  pace: PaceSchema.describe('the pace that projections assume'),
});

export type Loyalty = z.infer<typeof LoyaltySchema>;
export type TierRef = z.infer<typeof TierRefSchema>;
export type TierState = z.infer<typeof TierStateSchema>;
export type Retention = z.infer<typeof RetentionSchema>;
export type PaceProjection = z.infer<typeof PaceProjectionSchema>;
export type MilestoneState = z.infer<typeof MilestoneStateSchema>;
export type RewardState = z.infer<typeof RewardStateSchema>;
export type PointsState = z.infer<typeof PointsStateSchema>;
export type Lifecycle = z.infer<typeof LifecycleSchema>;
export type Pace = z.infer<typeof PaceSchema>;
export type TierTransition = z.infer<typeof TierTransitionSchema>;
