import { z } from 'zod';
import { batchOf, CurrencySchema, ExternalIdSchema, IsoDateTimeSchema, MinorUnitsSchema } from './common.ts';

export const OrderStatusSchema = z.enum(['paid', 'refunded']);

export const OrderItemSchema = z.strictObject({
  sku: z.string().min(1).max(200),
  quantity: z.number().int().positive().max(1e6),
  amount: MinorUnitsSchema,
});

export const OrderInputSchema = z.strictObject({
  externalId: ExternalIdSchema,
  customerId: ExternalIdSchema.describe("the customer's externalId"),
  occurredAt: IsoDateTimeSchema,
  amount: MinorUnitsSchema.describe('order total in minor units'),
  currency: CurrencySchema.optional().describe("must be the tenant's currency when given"),
  cost: MinorUnitsSchema.optional(),
  status: OrderStatusSchema.default('paid'),
  items: z.array(OrderItemSchema).max(1000).default([]),
  updatedAt: IsoDateTimeSchema.optional().describe("the vendor's last change of this record; an older version never overwrites a newer one"),
});
export type OrderInput = z.infer<typeof OrderInputSchema>;

export const OrderBatchSchema = batchOf(OrderInputSchema);
