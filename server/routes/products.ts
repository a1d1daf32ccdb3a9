/**
 * The vendor's catalogue: batch upserts by sku, with the contract of every batch route (strict items,
 * up to 5,000, all-or-nothing, a 400 naming each bad item's index and field). Links other than https:
 * (http: on localhost) are refused by the schema, naming the field.
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { BatchResultSchema, ErrorResponseSchema } from '../../shared/schemas/common.ts';
import { ProductBatchSchema } from '../../shared/schemas/products.ts';
import { existingSkus, upsertProducts } from '../db/product-repository.ts';
import { requestTransaction } from '../db/request-transaction.ts';
import { BATCH_BODY_LIMIT } from './ingest.ts';
import { duplicateIds, invalidBatch } from './batch-problems.ts';

export default async function productRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();

  app.post('/v1/products', {
    config: { auth: 'apiKey' },
    bodyLimit: BATCH_BODY_LIMIT,
    schema: {
      tags: ['ingest'],
      summary: 'Upsert up to 5,000 catalogue products by sku',
      description:
        'The catalogue is the only source of the names and links shown with suggestions. `price` is in minor units (a plan: per ' +
        'month); `margin` is a share of the price (0 to 1); `url` must be https: (http: only on localhost); `suggest: false` keeps a ' +
        'product out of suggestions; `upgradeTo` names its larger volume or higher plan (in this batch or already in the catalogue). ' +
        'Co-adoption is learned from orders by the next scoring run (POST /v1/scores/refresh).',
      security: [{ apiKey: [] }],
      body: ProductBatchSchema,
      response: { 200: BatchResultSchema, 400: ErrorResponseSchema, 401: ErrorResponseSchema },
    },
    handler: async (request) => {
      const { items } = request.body;
      return requestTransaction(app.sql, request, async (tx) => {
        const problems = duplicateIds(items.map((item) => ({ externalId: item.sku }))).map((problem) => ({ ...problem, field: 'sku' }));
        const inBatch = new Set(items.map((item) => item.sku));
        const targets = [...new Set(items.flatMap((item) => (item.upgradeTo && !inBatch.has(item.upgradeTo) ? [item.upgradeTo] : [])))];
        const known = await existingSkus(tx, request.tenantId, targets);
        items.forEach((item, index) => {
          if (!item.upgradeTo) return;
          if (item.upgradeTo === item.sku) problems.push({ index, field: 'upgradeTo', message: 'a product cannot be its own upgrade' });
          else if (!inBatch.has(item.upgradeTo) && !known.has(item.upgradeTo)) {
            problems.push({ index, field: 'upgradeTo', message: `no product "${item.upgradeTo}" in this batch or the catalogue` });
          }
        });
        if (problems.length > 0) throw invalidBatch(problems);
        return upsertProducts(tx, request.tenantId, items);
      });
    },
  });
}
