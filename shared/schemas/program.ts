import { z } from 'zod';

/**
 * The loyalty program of a tenant (`GET/PUT /v1/program`): tiers, points, milestones, rewards, what
 * customers may see, and the thresholds of the lifecycle stages. Every saved program is a new version;
 * a program without a saved version is the default of shared/loyalty/defaults.ts.
 *
 * Amounts of money are integer minor units of the tenant currency. Tier thresholds are in the unit of
 * the qualifying metric: minor units for spend, a count for orders, points for points earned (never the
 * points balance, so spending points never costs a tier).
 */

export const QUALIFYING_METRICS = ['spend', 'orders', 'points-earned'] as const;
export const QUALIFYING_WINDOWS = ['rolling-12-months', 'lifetime'] as const;
export const MILESTONE_KINDS = ['tenure-years', 'lifetime-spend', 'orders', 'products', 'first-nps-answer', 'custom'] as const;
export const REWARD_KINDS = ['volume-discount', 'free-shipping', 'cashback', 'exclusive-access', 'priority-support', 'other'] as const;

export type QualifyingMetric = (typeof QUALIFYING_METRICS)[number];
export type QualifyingWindow = (typeof QUALIFYING_WINDOWS)[number];
export type MilestoneKind = (typeof MILESTONE_KINDS)[number];
export type RewardKind = (typeof REWARD_KINDS)[number];

export const ProgramIdSchema = z.string().regex(/^[a-z0-9][a-z0-9-]{0,39}$/, 'lowercase letters, digits and dashes, up to 40 characters');
const Name = z.string().trim().min(1).max(60);
const Text = z.string().trim().min(1).max(300);
const Threshold = z.number().int().min(0).max(1e13);

export const TierSchema = z.strictObject({
  id: ProgramIdSchema,
  name: Name,
  atLeast: Threshold.describe('qualifying value that reaches the tier (0 for the first tier)'),
  retention: z
    .strictObject({
      keepAtLeast: Threshold.optional().describe('qualifying value that keeps the tier once reached; default atLeast'),
      graceMonths: z
        .number()
        .int()
        .min(0)
        .max(24)
        .default(3)
        .describe('after falling below keepAtLeast the tier is kept to the end of this many months after the month of the fall (0: to the end of that month)'),
    })
    .prefault({}),
  benefits: z.array(Text).max(20).default([]).describe('what the tier gives, in the words customers see'),
});

export const MilestoneSchema = z.strictObject({
  id: ProgramIdSchema,
  name: Name,
  kind: z.enum(MILESTONE_KINDS).describe(
    'tenure-years: years since the first kept order; lifetime-spend: minor units kept; orders: orders kept; products: distinct SKUs bought; ' +
      'first-nps-answer: answered an NPS survey; custom: reached when the vendor says so (POST /v1/custom-milestones)',
  ),
  target: z.number().int().min(1).max(1e13).default(1),
  points: z.number().int().min(0).max(1e9).default(0).describe('points awarded on the day it is reached'),
  description: Text.optional(),
});

const RewardQualifiesSchema = z
  .strictObject({
    tier: ProgramIdSchema.optional().describe('this tier or a higher one'),
    milestone: ProgramIdSchema.optional().describe('this milestone reached'),
    rolling12MonthSpendAtLeast: Threshold.optional().describe('spend kept in the last 12 months, minor units'),
  })
  .prefault({})
  .describe('every condition given must hold; none: every customer');

const rewardBase = {
  id: ProgramIdSchema,
  name: Name,
  description: Text.optional(),
  qualifies: RewardQualifiesSchema,
  pointsCost: z.number().int().min(1).max(1e9).optional().describe('set: a spendable reward bought with points; absent: a status benefit'),
};
const Percent = z.number().gt(0).max(100);

export const RewardSchema = z.discriminatedUnion('kind', [
  z.strictObject({ ...rewardBase, kind: z.literal('volume-discount'), percent: Percent, minimumOrderAmount: Threshold.optional() }),
  z.strictObject({ ...rewardBase, kind: z.literal('free-shipping'), repeatOrdersOnly: z.boolean().default(true) }),
  z.strictObject({ ...rewardBase, kind: z.literal('cashback'), percent: Percent }),
  z.strictObject({ ...rewardBase, kind: z.literal('exclusive-access'), access: z.array(Text).min(1).max(10).describe('e.g. "webinars", "early releases"') }),
  z.strictObject({ ...rewardBase, kind: z.literal('priority-support') }),
  z.strictObject({ ...rewardBase, kind: z.literal('other') }),
]);

export const DisclosureSchema = z
  .strictObject({
    probabilityAlive: z.boolean().default(true).describe('customers see P(alive) of their prediction'),
    lifecycleStage: z.boolean().default(false).describe('customers see their lifecycle stage'),
  })
  .prefault({})
  .describe('what customers may see; the vendor always sees everything');
export type Disclosure = z.output<typeof DisclosureSchema>;

const Probability = z.number().min(0).max(1);
const Days = z.number().int().min(1).max(3650);

const programShape = {
  name: Name.default('Rewards'),
  qualification: z
    .strictObject({
      metric: z.enum(QUALIFYING_METRICS).default('spend'),
      window: z.enum(QUALIFYING_WINDOWS).default('rolling-12-months'),
    })
    .prefault({})
    .describe('what tier thresholds count, for every tier'),
  tiers: z.array(TierSchema).min(1).max(20).describe('from the lowest (atLeast 0) to the highest'),
  points: z
    .strictObject({
      earnPerCurrencyUnit: z.number().min(0).max(1000).default(1).describe('points per whole currency unit of a kept order, rounded down per order'),
      expiryMonths: z
        .number()
        .int()
        .min(1)
        .max(120)
        .nullable()
        .default(24)
        .describe('points are usable to the end of this many months after the month they were earned; null: never expire'),
    })
    .prefault({}),
  milestones: z.array(MilestoneSchema).max(100).default([]),
  rewards: z.array(RewardSchema).max(100).default([]),
  disclosure: DisclosureSchema,
  lifecycle: z
    .strictObject({
      acquisitionDays: Days.default(90).describe('a customer is in acquisition for this many days after the first kept order'),
      churnRiskBelowProbabilityAlive: Probability.default(0.5),
      lapsedBelowProbabilityAlive: Probability.default(0.2),
      churnRiskAfterDaysWithoutOrder: Days.default(180).describe('used when there is no model, or it has no repeat purchase to go on'),
      lapsedAfterDaysWithoutOrder: Days.default(365).describe('also: a return after a gap this long is a win-back'),
      wonBackForDays: Days.default(180),
      growthAbove: z.number().positive().max(100).default(1.2).describe('spend of the last 12 months / the 12 months before'),
      maintenanceBelow: z.number().positive().max(100).default(0.8),
    })
    .prefault({}),
  projection: z
    .strictObject({ horizonMonths: z.number().int().min(1).max(60).default(24).describe('how far ahead dates are projected at the customer\'s pace') })
    .prefault({}),
  suggestions: z
    .strictObject({ limit: z.number().int().min(0).max(10).default(3).describe('at most this many product suggestions per customer (0: none)') })
    .prefault({})
    .describe('product suggestions (GET /v1/me, GET /v1/customers/:customerId/suggestions)'),
};

type ProgramShape = z.output<z.ZodObject<typeof programShape>>;

/**
 * Rules a schema cannot say field by field; every message names the tiers (or rewards) concerned. Tiers
 * go from the lowest to the highest: the first starts at 0, each needs strictly more than the one before,
 * keeping a tier needs no more than reaching it and no less than reaching the tier below.
 */
function checkProgram(program: ProgramShape, ctx: z.RefinementCtx): void {
  const issue = (path: Array<string | number>, message: string) => ctx.addIssue({ code: 'custom', path, message });
  const { tiers, milestones, rewards, lifecycle } = program;
  const seen = new Map<string, string>();
  tiers.forEach((tier, i) => {
    const sameId = seen.get(tier.id);
    if (sameId !== undefined) issue(['tiers', i, 'id'], `tiers "${sameId}" and "${tier.name}" have the same id "${tier.id}"`);
    seen.set(tier.id, tier.name);
    const sameName = tiers.findIndex((other) => other.name.toLowerCase() === tier.name.toLowerCase());
    if (sameName < i) issue(['tiers', i, 'name'], `two tiers are named "${tier.name}"`);
    const keep = tier.retention.keepAtLeast ?? tier.atLeast;
    if (keep > tier.atLeast) {
      issue(['tiers', i, 'retention', 'keepAtLeast'], `tier "${tier.name}": keepAtLeast (${keep}) is above atLeast (${tier.atLeast}); keeping a tier cannot need more than reaching it`);
    }
    const previous = tiers[i - 1];
    if (!previous) {
      if (tier.atLeast !== 0) issue(['tiers', i, 'atLeast'], `the first tier "${tier.name}" must start at 0 (it starts at ${tier.atLeast}), so that every customer has a tier`);
      return;
    }
    if (tier.atLeast === previous.atLeast) {
      issue(['tiers', i, 'atLeast'], `tiers "${previous.name}" and "${tier.name}" overlap: both start at ${tier.atLeast}`);
    } else if (tier.atLeast < previous.atLeast) {
      issue(
        ['tiers', i, 'atLeast'],
        `tiers out of order: "${tier.name}" (${tier.atLeast}) comes after "${previous.name}" (${previous.atLeast}) but needs less; list tiers from the lowest to the highest`,
      );
    } else if (keep < previous.atLeast) {
      issue(
        ['tiers', i, 'retention', 'keepAtLeast'],
        `tiers "${previous.name}" and "${tier.name}" overlap: "${tier.name}" is kept from ${keep}, below the ${previous.atLeast} that reaches "${previous.name}"`,
      );
    }
  });

  const milestoneIds = new Set<string>();
  milestones.forEach((milestone, i) => {
    if (milestoneIds.has(milestone.id)) issue(['milestones', i, 'id'], `two milestones have the id "${milestone.id}"`);
    milestoneIds.add(milestone.id);
    if (milestone.kind === 'first-nps-answer' && milestone.target !== 1) issue(['milestones', i, 'target'], `milestone "${milestone.name}": first-nps-answer has target 1`);
  });

  const rewardIds = new Set<string>();
  rewards.forEach((reward, i) => {
    if (rewardIds.has(reward.id)) issue(['rewards', i, 'id'], `two rewards have the id "${reward.id}"`);
    rewardIds.add(reward.id);
    const { tier, milestone } = reward.qualifies;
    if (tier !== undefined && !seen.has(tier)) issue(['rewards', i, 'qualifies', 'tier'], `reward "${reward.name}" names tier "${tier}", which the program does not have`);
    if (milestone !== undefined && !milestoneIds.has(milestone)) {
      issue(['rewards', i, 'qualifies', 'milestone'], `reward "${reward.name}" names milestone "${milestone}", which the program does not have`);
    }
  });

  if (!(lifecycle.lapsedBelowProbabilityAlive < lifecycle.churnRiskBelowProbabilityAlive)) {
    issue(['lifecycle', 'lapsedBelowProbabilityAlive'], 'lapsedBelowProbabilityAlive must be below churnRiskBelowProbabilityAlive');
  }
  if (!(lifecycle.churnRiskAfterDaysWithoutOrder < lifecycle.lapsedAfterDaysWithoutOrder)) {
    issue(['lifecycle', 'churnRiskAfterDaysWithoutOrder'], 'churnRiskAfterDaysWithoutOrder must be below lapsedAfterDaysWithoutOrder');
  }
  if (!(lifecycle.maintenanceBelow < lifecycle.growthAbove)) issue(['lifecycle', 'maintenanceBelow'], 'maintenanceBelow must be below growthAbove');
}

export const ProgramSchema = z.strictObject(programShape).superRefine(checkProgram);
export type Program = z.output<typeof ProgramSchema>;
export type ProgramInput = z.input<typeof ProgramSchema>;
export type Tier = Program['tiers'][number];
export type Milestone = Program['milestones'][number];
export type Reward = Program['rewards'][number];

/** The body of `PUT /v1/program`: a whole program; `basedOnVersion` refuses the write if someone saved in between. */
export const ProgramUpdateSchema = z
  .strictObject({
    ...programShape,
    basedOnVersion: z.number().int().min(0).optional().describe('the version this edit started from; a later save answers 409'),
  })
  .superRefine(checkProgram);

export const ProgramResponseSchema = z.object({
  version: z.number().int().min(0).describe('0: the default program, never saved'),
  updatedAt: z.string().nullable(),
  program: ProgramSchema,
});
export type ProgramResponse = z.infer<typeof ProgramResponseSchema>;

export const ProgramSavedSchema = ProgramResponseSchema.extend({
  reevaluated: z.number().int().describe('customers whose loyalty state was recomputed under the new version'),
});
