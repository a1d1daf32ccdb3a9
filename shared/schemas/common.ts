import { z } from 'zod';

/** The vendor's own id of a record: unique per tenant and kind, the key of every upsert. */
export const ExternalIdSchema = z
  .string()
  .min(1)
  .max(200)
  .regex(/^[\x21-\x7e]+$/, 'printable ASCII without spaces');

/** Money in integer minor units (cents for USD); bounded so sums stay exact in a float64. */
export const MinorUnitsSchema = z.number().int().min(0).max(1e13);

export const CurrencySchema = z.string().regex(/^[A-Z]{3}$/, 'an ISO 4217 code such as USD');

export const IsoDateTimeSchema = z.iso.datetime({ offset: true });

export const ErrorResponseSchema = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    details: z.array(z.record(z.string(), z.unknown())).optional(),
  }),
});
export type ErrorResponse = z.infer<typeof ErrorResponseSchema>;

export const MAX_BATCH_ITEMS = 5000;

/** `{"items": [...]}` of up to 5,000 records, every record strict (unknown fields are refused). */
export function batchOf<T extends z.ZodType>(item: T) {
  return z.strictObject({ items: z.array(item).min(1).max(MAX_BATCH_ITEMS) });
}

export const BatchResultSchema = z.object({
  inserted: z.number().int(),
  updated: z.number().int(),
  unchanged: z.number().int(),
});
export type BatchResult = z.infer<typeof BatchResultSchema>;
