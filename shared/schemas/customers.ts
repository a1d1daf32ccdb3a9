import { z } from 'zod';
import { batchOf, ExternalIdSchema, IsoDateTimeSchema } from './common.ts';

const Label = z.string().max(200);

export const CustomerInputSchema = z.strictObject({
  externalId: ExternalIdSchema,
  name: Label.nullish(),
  email: z.email().max(320).nullish(),
  industry: Label.nullish(),
  size: Label.nullish(),
  plan: Label.nullish(),
  signedUpAt: IsoDateTimeSchema.nullish().describe('when the customer signed up with the vendor'),
  updatedAt: IsoDateTimeSchema.optional().describe("the vendor's last change of this record; an older version never overwrites a newer one"),
});
export type CustomerInput = z.infer<typeof CustomerInputSchema>;

export const CustomerBatchSchema = batchOf(CustomerInputSchema);
