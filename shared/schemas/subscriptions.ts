import { z } from 'zod';
import { batchOf, ExternalIdSchema, IsoDateTimeSchema, MinorUnitsSchema } from './common.ts';

/**
 * A subscription record is one period during which a customer pays a constant MRR. The history of a
 * customer's recurring revenue is the sequence of its records, which is what the revenue retention
 * metrics of `GET /v1/metrics` read: nothing is ever overwritten by a plan change.
 */
export const SubscriptionInputSchema = z
  .strictObject({
    externalId: ExternalIdSchema.describe(
      "the vendor's id of this subscription period; a plan change is a new record with its own id, not an edit of this one",
    ),
    customerId: ExternalIdSchema.describe("the customer's externalId"),
    plan: z.string().min(1).max(200).describe('the plan paid for during this period'),
    mrr: MinorUnitsSchema.describe(
      'monthly recurring revenue of this period, in minor units per month; constant over the period (0 for a free plan, which does not count as a paying customer)',
    ),
    startedAt: IsoDateTimeSchema.describe('when this period (and its MRR) began'),
    endedAt: IsoDateTimeSchema.nullish().describe(
      'when this period ended; null or absent while it runs. A cancellation is this record re-sent with endedAt set. ' +
        'An upgrade or downgrade is sent as this record with endedAt = the change time plus a new record (new externalId, ' +
        'the new plan and MRR, startedAt = the same instant), so the MRR history is kept',
    ),
  })
  .refine((item) => item.endedAt == null || Date.parse(item.endedAt) > Date.parse(item.startedAt), {
    message: 'must be after startedAt',
    path: ['endedAt'],
  })
  .describe(
    'One period with a constant MRR. Upgrade/downgrade: end the old record and send a new one starting at the same instant. ' +
      'Cancellation: re-send the record with endedAt. A customer may hold several records at once (add-ons); their MRR adds up.',
  );
export type SubscriptionInput = z.infer<typeof SubscriptionInputSchema>;

export const SubscriptionBatchSchema = batchOf(SubscriptionInputSchema);
