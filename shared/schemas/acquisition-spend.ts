import { z } from 'zod';
import { batchOf, ExternalIdSchema, MinorUnitsSchema } from './common.ts';

const IsoDate = z.iso.date();

export const AcquisitionSpendInputSchema = z
  .strictObject({
    externalId: ExternalIdSchema.describe("the vendor's id of this spend record"),
    channel: z.string().min(1).max(200).describe('the acquisition channel, e.g. "paid-search", "events", "partners"'),
    periodStart: IsoDate.describe('first day the money was spent over (a calendar date in the tenant time zone)'),
    periodEnd: IsoDate.describe('last day the money was spent over, inclusive'),
    amount: MinorUnitsSchema.describe(
      'money spent on acquiring customers over the period, in minor units; spread evenly over its days when it is compared with the customers acquired in a metrics period',
    ),
  })
  .refine((item) => item.periodEnd >= item.periodStart, { message: 'must not be before periodStart', path: ['periodEnd'] })
  .describe('Acquisition spend of the tenant (not of one customer) on one channel over a range of days.');
export type AcquisitionSpendInput = z.infer<typeof AcquisitionSpendInputSchema>;

export const AcquisitionSpendBatchSchema = batchOf(AcquisitionSpendInputSchema);
