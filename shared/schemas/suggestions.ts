import { z } from 'zod';

/**
 * Suggestions worth taking (issue 5): products to add (cross-sell) or to move up to (upsell), ranked by
 * expected benefit, each with the numbers of its explanation (so the widget words it in the customer's
 * language) and its projected effect computed with the CLV math of shared/clv and the loyalty rules of
 * shared/loyalty. `GET /v1/me` carries the customer's copy in `suggestions`; `GET
 * /v1/customers/:customerId/suggestions` the vendor's, with why each was chosen and why others were not.
 * Money is in integer minor units of the tenant currency; dates are calendar dates in its time zone.
 */

const Money = z.number().int().describe('integer minor units of the tenant currency');
const Day = z.iso.date().describe('calendar date in the tenant time zone');
const Share = z.number().min(0).max(1);

export const SEGMENT_DIMENSIONS = ['industry', 'size', 'plan'] as const;
export type SegmentDimension = (typeof SEGMENT_DIMENSIONS)[number];

export const ProductRefSchema = z.object({ sku: z.string(), name: z.string() });

export const SegmentSchema = z.object({
  dimension: z.enum(SEGMENT_DIMENSIONS),
  value: z.string().describe("the customer's own industry, size or plan"),
});

/** "62% of customers in logistics who use Invoicing also use Payroll": the numbers of that sentence. */
export const PeerShareSchema = z.object({
  segment: SegmentSchema.nullable().describe('the peers quoted: customers of this segment; null: all customers'),
  antecedent: ProductRefSchema.describe('the product the customer owns that the peers own too'),
  customersWithAntecedent: z.number().int().positive(),
  customersWithBoth: z.number().int().nonnegative(),
  share: Share.describe('customersWithBoth / customersWithAntecedent'),
});
export type PeerShare = z.infer<typeof PeerShareSchema>;

export const CoAdoptionExplanationSchema = PeerShareSchema.extend({
  kind: z.literal('co-adoption').describe('"{share} of customers {in segment} who use {antecedent} also use {product}"'),
});

export const UpgradeExplanationSchema = z.object({
  kind: z.literal('upgrade'),
  basis: z.enum(['volume', 'plan']).describe(
    'volume: "you spent {spendLast12Months} on {from} in the last 12 months; {product} costs {threshold}"; ' +
      'plan: "you spent {spendLast12Months} on top of your {from} plan in the last 12 months; {product} costs {threshold} more a year"',
  ),
  from: ProductRefSchema.describe('what the customer has now'),
  spendLast12Months: Money.describe('volume: spent on `from`; plan: spent in orders on top of the plan'),
  threshold: Money.describe('volume: the price of the larger volume; plan: 12 x the monthly price difference'),
  peers: PeerShareSchema.nullable().describe('customers who have `from` and also moved up; null when none has yet'),
});

export const ExplanationSchema = z.discriminatedUnion('kind', [CoAdoptionExplanationSchema, UpgradeExplanationSchema]);
export type Explanation = z.infer<typeof ExplanationSchema>;

const ValueChangeBase = {
  before: Money,
  after: Money,
  change: Money.describe('after - before'),
  horizonMonths: z.number().int().positive(),
  annualDiscountRate: z.number(),
};

export const OrderValueChangeSchema = z.object({
  model: z.literal('bg-nbd+gamma-gamma').describe('the predicted value of GET /v1/me, recomputed with the product in the basket'),
  ...ValueChangeBase,
  inputs: z.object({
    spendPerPurchase: z.number().nonnegative().describe('expected spend per purchase now (gamma-gamma), minor units'),
    addedPerPurchase: z.number().describe('price x share: what the product adds to an average purchase, minor units'),
    price: Money,
    share: Share.describe('share of purchases the product is expected to join: cross-sell, as among its owners; upsell, as in your own purchases'),
    expectedPurchases: z.number().nonnegative().describe('expected purchases over the horizon (BG/NBD), unchanged'),
  }),
});

export const SubscriptionValueChangeSchema = z.object({
  model: z.literal('sbg').describe("the subscription's expected value within the horizon (shifted-beta-geometric), at the new MRR"),
  ...ValueChangeBase,
  inputs: z.object({
    mrrBefore: Money,
    mrrAfter: Money,
    expectedDiscountedPayments: z.number().nonnegative().describe('expected discounted monthly payments within the horizon'),
  }),
});

export const DateChangeSchema = z.object({
  reachedOnBefore: Day.nullable().describe('at the current pace; null: not within the projection horizon'),
  reachedOnAfter: Day.nullable().describe('with the suggestion taken'),
  daysSooner: z.number().int().nullable().describe('null when either date is null'),
});

export const EffectSchema = z.object({
  value: z.discriminatedUnion('model', [OrderValueChangeSchema, SubscriptionValueChangeSchema]),
  nextTier: DateChangeSchema.extend({ tier: ProductRefSchema.omit({ sku: true }).extend({ id: z.string() }) })
    .nullable()
    .describe('"this gets you to Gold 3 months sooner"; null: no next tier (or no model to project with)'),
  milestones: z.array(DateChangeSchema.extend({ id: z.string(), name: z.string() })).describe('milestones reached sooner (today, for a products milestone)'),
});
export type Effect = z.infer<typeof EffectSchema>;

export const SuggestionSchema = z.object({
  rank: z.number().int().positive(),
  kind: z.enum(['cross-sell', 'upsell']),
  product: z.object({
    sku: z.string(),
    name: z.string(),
    category: z.string().nullable(),
    price: Money.describe('list price (for a plan: per month)'),
    url: z.string().nullable().describe('an https: link from the catalogue (http: only on localhost), or null'),
  }),
  replaces: ProductRefSchema.nullable().describe('upsell: the product or plan it moves up from'),
  chance: Share.describe('estimated chance of adoption: the share of peers (weighted towards your segment) who have it'),
  expectedBenefit: Money.describe('chance x effect.value.change: what the ranking orders by'),
  explanation: ExplanationSchema,
  effect: EffectSchema,
});
export type Suggestion = z.infer<typeof SuggestionSchema>;

export const SUGGESTION_STATUSES = ['ready', 'not-learned', 'not-scored'] as const;

export const CustomerSuggestionsSchema = z.object({
  status: z.enum(SUGGESTION_STATUSES).describe(
    'ready: ranked; not-learned: the tenant has not been scored since products were added (POST /v1/scores/refresh); ' +
      'not-scored: the customer has no prediction yet, so no effect can be projected',
  ),
  computedAt: z.string().describe('ISO 8601 date-time: suggestions are ranked when read'),
  learnedAt: z.string().nullable().describe('when the co-adoption model was learned (the last scoring run)'),
  limit: z.number().int().min(0).describe('at most this many (program setting suggestions.limit)'),
  items: z.array(SuggestionSchema),
});
export type CustomerSuggestions = z.infer<typeof CustomerSuggestionsSchema>;

export const EXCLUSION_REASONS = ['owned', 'not-for-suggestion', 'no-association', 'not-worth-it', 'no-gain', 'below-the-limit'] as const;
export type ExclusionReason = (typeof EXCLUSION_REASONS)[number];

export const EvidenceSchema = z.object({
  segment: SegmentSchema.nullable().describe('null: all customers'),
  customers: z.number().int().nonnegative().describe('customers of the segment who own any product'),
  customersWithAntecedent: z.number().int().nonnegative(),
  customersWithProduct: z.number().int().nonnegative(),
  customersWithBoth: z.number().int().nonnegative(),
});

export const VendorSuggestionSchema = SuggestionSchema.extend({
  why: z.object({
    antecedent: ProductRefSchema.describe('the owned product the chance is conditioned on'),
    evidence: z.array(EvidenceSchema).describe('all customers, then each of the customer\'s segments'),
    segmentWeight: z.number().describe('each segment the customer shares adds this weight to a peer (1 for everyone)'),
    chance: Share.describe('weighted customersWithBoth / weighted customersWithAntecedent'),
    baseRate: Share.describe('weighted customersWithProduct / weighted customers'),
    lift: z.number().nonnegative().describe('chance / baseRate; cross-sell needs more than 1'),
    margin: z.number().nullable().describe('catalogue margin, share of the price'),
    expectedMargin: Money.nullable().describe('margin x expectedBenefit'),
  }),
});
export type VendorSuggestion = z.infer<typeof VendorSuggestionSchema>;

export const VendorSuggestionsSchema = CustomerSuggestionsSchema.extend({
  customerId: z.string(),
  segments: z.array(SegmentSchema).describe("the customer's segments, which weight their peers"),
  owned: z.array(z.string()).describe('skus the customer owns (bought in a kept order, or an active plan)'),
  items: z.array(VendorSuggestionSchema),
  excluded: z
    .array(z.object({ sku: z.string(), name: z.string(), reason: z.enum(EXCLUSION_REASONS) }))
    .describe(
      'every other catalogue product and why it is not suggested: owned; not-for-suggestion (suggest: false); no-association ' +
        '(fewer than 3 customers own both, or no more likely than for anyone); not-worth-it (an upgrade the spend does not justify); ' +
        'no-gain (no increase in value); below-the-limit',
    ),
});
export type VendorSuggestions = z.infer<typeof VendorSuggestionsSchema>;
