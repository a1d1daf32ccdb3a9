import { z } from 'zod';
import { batchOf, ExternalIdSchema, IsoDateTimeSchema } from './common.ts';
import { ProgramIdSchema } from './program.ts';
import { TierStateSchema } from './loyalty.ts';

/** What the vendor tells us about a customer's loyalty, beyond orders: overrides, redemptions, custom milestones. */

export const TierOverrideRequestSchema = z.strictObject({
  tierId: ProgramIdSchema.describe('a tier of the program in force'),
  endsOn: z.iso.date().describe('last day of the override (inclusive), a date in the tenant time zone; from the next day the data decides'),
  reason: z.string().trim().min(1).max(300).optional().describe('shown to the vendor; e.g. "match of a competitor status"'),
});
export type TierOverrideRequest = z.infer<typeof TierOverrideRequestSchema>;

export const TierOverrideResponseSchema = z.object({
  customerId: z.string(),
  override: z.object({ tierId: z.string(), endsOn: z.string(), reason: z.string().nullable(), setAt: z.string() }).nullable(),
  tier: TierStateSchema.describe("the customer's tier after the change"),
});

export const PointsRedemptionInputSchema = z.strictObject({
  externalId: ExternalIdSchema.describe("the vendor's id of this redemption"),
  customerId: ExternalIdSchema,
  points: z.number().int().min(1).max(1e9),
  occurredAt: IsoDateTimeSchema,
  note: z.string().trim().min(1).max(300).optional().describe('shown in the ledger, e.g. "voucher for order 1042"'),
});
export type PointsRedemptionInput = z.infer<typeof PointsRedemptionInputSchema>;
export const PointsRedemptionBatchSchema = batchOf(PointsRedemptionInputSchema);

export const CustomMilestoneInputSchema = z.strictObject({
  customerId: ExternalIdSchema,
  milestoneId: ProgramIdSchema.describe('a milestone of kind "custom" in the program'),
  progress: z.number().min(0).max(1e13).optional().describe('towards the milestone target; moves the bar'),
  reachedAt: IsoDateTimeSchema.nullable().optional().describe('set: reached at this instant; null or absent: not reached (yet)'),
});
export type CustomMilestoneInput = z.infer<typeof CustomMilestoneInputSchema>;
export const CustomMilestoneBatchSchema = batchOf(CustomMilestoneInputSchema);
