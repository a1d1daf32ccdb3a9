/**
 * Batch upserts of the data the vendor's metrics need: subscription periods (MRR), NPS answers and
 * acquisition spend. The same contract as ingest.ts: strict items, up to 5,000 a batch, all-or-nothing,
 * a 400 naming each bad item's index and field, and `{inserted, updated, unchanged}`.
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { BatchResultSchema, ErrorResponseSchema } from '../../shared/schemas/common.ts';
import { SubscriptionBatchSchema } from '../../shared/schemas/subscriptions.ts';
import { NpsResponseBatchSchema } from '../../shared/schemas/nps.ts';
import { AcquisitionSpendBatchSchema } from '../../shared/schemas/acquisition-spend.ts';
import type { Queryable } from '../db/connect.ts';
import { missingCustomerIds } from '../db/customer-repository.ts';
import { upsertSubscriptions } from '../db/subscription-repository.ts';
import { upsertNpsResponses } from '../db/nps-repository.ts';
import { upsertAcquisitionSpend } from '../db/acquisition-spend-repository.ts';
import { BATCH_BODY_LIMIT } from './ingest.ts';
import { requestTransaction } from '../db/request-transaction.ts';
import { duplicateIds, invalidBatch, type BatchProblem } from './batch-problems.ts';

/** Problems of items that name a customer: duplicate ids, and customers this tenant does not have. */
async function customerProblems(tx: Queryable, tenantId: string, items: Array<{ externalId: string; customerId: string }>): Promise<BatchProblem[]> {
  const missing = await missingCustomerIds(tx, tenantId, [...new Set(items.map((item) => item.customerId))]);
  const problems = duplicateIds(items);
  items.forEach((item, index) => {
    if (missing.has(item.customerId)) problems.push({ index, field: 'customerId', message: `no customer "${item.customerId}"; send it with POST /v1/customers first` });
  });
  return problems;
}

export default async function metricsIngestRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const errorResponses = { 400: ErrorResponseSchema, 401: ErrorResponseSchema };

  app.post('/v1/subscriptions', {
    config: { auth: 'apiKey' },
    bodyLimit: BATCH_BODY_LIMIT,
    schema: {
      tags: ['ingest'],
      summary: 'Upsert up to 5,000 subscription periods by externalId',
      description:
        'A record is a period with a constant MRR. A cancellation is the record re-sent with `endedAt`; an upgrade or ' +
        'downgrade is the old record ended plus a new record starting at the same instant, so the MRR history is kept. ' +
        'Every record must name a customer already sent with POST /v1/customers.',
      body: SubscriptionBatchSchema,
      response: { 200: BatchResultSchema, ...errorResponses },
    },
    handler: async (request) => {
      const { items } = request.body;
      return requestTransaction(app.sql, request, async (tx) => {
        const problems = await customerProblems(tx, request.tenantId, items);
        if (problems.length > 0) throw invalidBatch(problems);
        return upsertSubscriptions(tx, request.tenantId, items);
      });
    },
  });

  app.post('/v1/nps', {
    config: { auth: 'apiKey' },
    bodyLimit: BATCH_BODY_LIMIT,
    schema: {
      tags: ['ingest'],
      summary: 'Upsert up to 5,000 NPS survey answers by externalId',
      description: "Every answer must name a customer already sent with POST /v1/customers. The customers' loyalty is refreshed as after POST /v1/orders (a first answer can reach a milestone).",
      body: NpsResponseBatchSchema,
      response: { 200: BatchResultSchema, ...errorResponses },
    },
    handler: async (request) => {
      const { items } = request.body;
      const result = await requestTransaction(app.sql, request, async (tx) => {
        const problems = await customerProblems(tx, request.tenantId, items);
        if (problems.length > 0) throw invalidBatch(problems);
        return upsertNpsResponses(tx, request.tenantId, items);
      });
      // A first answer can reach a loyalty milestone: those customers' standing is refreshed as after new orders.
      if (result.inserted + result.updated > 0) app.rescoring.enqueue(request.tenantId, [...new Set(items.map((item) => item.customerId))]);
      return result;
    },
  });

  app.post('/v1/acquisition-spend', {
    config: { auth: 'apiKey' },
    bodyLimit: BATCH_BODY_LIMIT,
    schema: {
      tags: ['ingest'],
      summary: 'Upsert up to 5,000 acquisition spend records by externalId',
      description: 'Spend of the tenant on a channel over a range of days; it is the numerator of CAC in GET /v1/metrics.',
      body: AcquisitionSpendBatchSchema,
      response: { 200: BatchResultSchema, ...errorResponses },
    },
    handler: async (request) => {
      const { items } = request.body;
      const problems = duplicateIds(items);
      if (problems.length > 0) throw invalidBatch(problems);
      return requestTransaction(app.sql, request, (tx) => upsertAcquisitionSpend(tx, request.tenantId, items));
    },
  });
}
