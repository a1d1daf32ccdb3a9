import { z } from 'zod';
import { batchOf, ExternalIdSchema, MinorUnitsSchema } from './common.ts';
import { isAllowedProductUrl } from '../suggestions/links.ts';

/**
 * The vendor's catalogue (`POST /v1/products`): the only source of the names and links that suggestions
 * show. Upserted by `sku`, the product's externalId (the same sku as in orders' `items`).
 */

export { isAllowedProductUrl };

export const ProductUrlSchema = z
  .string()
  .max(2000)
  .refine(isAllowedProductUrl, 'must be an https: link (http: only on localhost), without a user name or password');

export const ProductInputSchema = z.strictObject({
  sku: ExternalIdSchema.describe("the product's externalId: the sku used in orders' items (and, for a plan, the subscription's plan)"),
  name: z.string().trim().min(1).max(200).describe('shown to customers'),
  category: z.string().trim().min(1).max(200).nullish(),
  price: MinorUnitsSchema.describe('list price in minor units (for a plan: per month)'),
  margin: z.number().min(0).max(1).nullish().describe("gross margin as a share of the price (0.35 = 35%); shown to the vendor beside each suggestion's value"),
  url: ProductUrlSchema.nullish().describe('where the customer can learn more or buy; https: only (http: only on localhost)'),
  suggest: z.boolean().default(true).describe('false: never suggested (still counted as owned and in the co-adoption model)'),
  upgradeTo: ExternalIdSchema.nullish().describe(
    'the sku of the larger volume or higher plan of this product, suggested as an upsell when the customer\'s spend makes it worth it; ' +
      'must be in the same batch or already in the catalogue',
  ),
});
export type ProductInput = z.infer<typeof ProductInputSchema>;

export const ProductBatchSchema = batchOf(ProductInputSchema);
