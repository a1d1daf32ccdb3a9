/**
 * Batch upserts from the vendor's backend. A batch is all-or-nothing: it is validated whole (schema,
 * duplicate ids, unknown customers, currency) before anything is written, and written in one
 * transaction, so an invalid or failed batch leaves the database as it was.
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { BatchResultSchema, ErrorResponseSchema } from '../../shared/schemas/common.ts';
import { CustomerBatchSchema } from '../../shared/schemas/customers.ts';
import { OrderBatchSchema } from '../../shared/schemas/orders.ts';
import { missingCustomerIds, upsertCustomers } from '../db/customer-repository.ts';
import { upsertOrders } from '../db/order-repository.ts';
import { findTenant } from '../db/tenant-repository.ts';
import { HttpError } from '../http-error.ts';
import { requestTransaction } from '../db/request-transaction.ts';
import { duplicateIds, invalidBatch } from './batch-problems.ts';

// 5,000 orders with line items run to several megabytes; Fastify's default is 1 MiB.
export const BATCH_BODY_LIMIT = 32 * 1024 * 1024;
// Routes whose body is a handful of fields (or none): anything larger is not a real request.
export const SMALL_BODY_LIMIT = 16 * 1024;

export default async function ingestRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const errorResponses = { 400: ErrorResponseSchema, 401: ErrorResponseSchema };

  app.post('/v1/customers', {
    config: { auth: 'apiKey' },
    bodyLimit: BATCH_BODY_LIMIT,
    schema: {
      tags: ['ingest'],
      summary: 'Upsert up to 5,000 customers by externalId',
      body: CustomerBatchSchema,
      response: { 200: BatchResultSchema, ...errorResponses },
    },
    handler: async (request) => {
      const { items } = request.body;
      const problems = duplicateIds(items);
      if (problems.length > 0) throw invalidBatch(problems);
      return requestTransaction(app.sql, request, (tx) => upsertCustomers(tx, request.tenantId, items));
    },
  });

  app.post('/v1/orders', {
    config: { auth: 'apiKey' },
    bodyLimit: BATCH_BODY_LIMIT,
    schema: {
      tags: ['ingest'],
      summary: 'Upsert up to 5,000 orders by externalId',
      description: 'Every order must name a customer already sent with POST /v1/customers.',
      body: OrderBatchSchema,
      response: { 200: BatchResultSchema, ...errorResponses },
    },
    handler: async (request) => {
      const { items } = request.body;
      const customerIds = [...new Set(items.map((item) => item.customerId))];
      const result = await requestTransaction(app.sql, request, async (tx) => {
        // Asked together: postgres.js sends both before the first answer, one round trip instead of two.
        const [tenant, missing] = await Promise.all([findTenant(tx, request.tenantId), missingCustomerIds(tx, request.tenantId, customerIds)]);
        if (!tenant) throw new HttpError(401, 'unauthorized', 'invalid API key');
        const problems = duplicateIds(items);
        items.forEach((item, index) => {
          if (missing.has(item.customerId)) problems.push({ index, field: 'customerId', message: `no customer "${item.customerId}"; send it with POST /v1/customers first` });
          if (item.currency && item.currency !== tenant.currency) problems.push({ index, field: 'currency', message: `must be the tenant currency ${tenant.currency}` });
        });
        if (problems.length > 0) throw invalidBatch(problems);
        return upsertOrders(tx, request.tenantId, items);
      });
      if (result.inserted + result.updated > 0) app.rescoring.enqueue(request.tenantId, customerIds);
      return result;
    },
  });
}
