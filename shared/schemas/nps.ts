import { z } from 'zod';
import { batchOf, ExternalIdSchema, IsoDateTimeSchema } from './common.ts';

export const NpsResponseInputSchema = z
  .strictObject({
    externalId: ExternalIdSchema.describe("the vendor's id of this survey answer"),
    customerId: ExternalIdSchema.describe("the customer's externalId"),
    score: z
      .number()
      .int()
      .min(0)
      .max(10)
      .describe('answer to "how likely are you to recommend us?": 9-10 promoter, 7-8 passive, 0-6 detractor'),
    answeredAt: IsoDateTimeSchema,
    comment: z.string().max(5000).nullish().describe('free text, kept for the vendor; not used by any metric'),
  })
  .describe('One answer to a Net Promoter Score survey.');
export type NpsResponseInput = z.infer<typeof NpsResponseInputSchema>;

export const NpsResponseBatchSchema = batchOf(NpsResponseInputSchema);
