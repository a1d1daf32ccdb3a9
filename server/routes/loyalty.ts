/**
 * What the vendor tells us about customers' loyalty beyond orders: a tier set by hand (an override with
 * an end date, never a silent floor), points spent (redemptions) and custom milestones. Each write
 * re-evaluates the customers it touches before answering, in the same transaction.
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { BatchResultSchema, ErrorResponseSchema, ExternalIdSchema } from '../../shared/schemas/common.ts';
import {
  CustomMilestoneBatchSchema,
  PointsRedemptionBatchSchema,
  TierOverrideRequestSchema,
  TierOverrideResponseSchema,
} from '../../shared/schemas/loyalty-inputs.ts';
import { dayOf, isoDate, localDay } from '../../shared/loyalty/calendar.ts';
import type { Queryable } from '../db/connect.ts';
import { requestTransaction } from '../db/request-transaction.ts';
import { missingCustomerIds } from '../db/customer-repository.ts';
import {
  clearTierOverride,
  currentProgram,
  findTierOverride,
  lockStandings,
  redemptionOwners,
  setTierOverride,
  upsertCustomMilestones,
  upsertRedemptions,
} from '../db/loyalty-repository.ts';
import { findTenant, type TenantSettings } from '../db/tenant-repository.ts';
import { HttpError, notFound, unauthorized } from '../http-error.ts';
import { customerLoyalty, evaluateLoyalty } from '../scoring/loyalty.ts';
import { BATCH_BODY_LIMIT } from './ingest.ts';
import { duplicateIds, invalidBatch, type BatchProblem } from './batch-problems.ts';

export default async function loyaltyRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const errors = { 400: ErrorResponseSchema, 401: ErrorResponseSchema, 404: ErrorResponseSchema };

  const tenantOf = async (sql: Queryable, tenantId: string): Promise<TenantSettings> => {
    const tenant = await findTenant(sql, tenantId);
    if (!tenant) throw unauthorized('invalid API key');
    return tenant;
  };

  const requireCustomer = async (sql: Queryable, tenantId: string, customerId: string) => {
    if ((await missingCustomerIds(sql, tenantId, [customerId])).size > 0) throw notFound('customer');
  };

  const overrideAnswer = async (tx: Queryable, tenantId: string, customerId: string) => {
    await evaluateLoyalty(tx, tenantId, app.clock(), [customerId]);
    const standing = await customerLoyalty(tx, tenantId, customerId, app.clock(), 'vendor');
    if (!standing?.loyalty) throw notFound('customer');
    return { customerId, override: await findTierOverride(tx, tenantId, customerId), tier: standing.loyalty.tier };
  };

  const params = z.strictObject({ customerId: ExternalIdSchema });

  app.post('/v1/customers/:customerId/tier-override', {
    config: { auth: 'apiKey' },
    schema: {
      tags: ['loyalty'],
      summary: 'Set a customer\'s tier by hand, through an end date',
      description:
        'The customer holds the tier through `endsOn` (inclusive, in the tenant time zone) whatever their data says; from the ' +
        'next day their own data decides again (no floor is left behind). Replaces any earlier override. Answers the tier state.',
      security: [{ apiKey: [] }],
      params,
      body: TierOverrideRequestSchema,
      response: { 200: TierOverrideResponseSchema, ...errors },
    },
    handler: async (request) =>
      requestTransaction(app.sql, request, async (tx) => {
        const tenant = await tenantOf(tx, request.tenantId);
        const { customerId } = request.params;
        const { tierId, endsOn, reason } = request.body;
        await requireCustomer(tx, tenant.id, customerId);
        const { program, version } = await currentProgram(tx, tenant.id, tenant.currency.trim());
        if (!program.tiers.some((tier) => tier.id === tierId)) {
          throw new HttpError(400, 'invalid_request', `no tier "${tierId}" in program version ${version}; tiers: ${program.tiers.map((tier) => `"${tier.id}"`).join(', ')}`, [
            { in: 'body', path: 'tierId', field: 'tierId' },
          ]);
        }
        const today = localDay(app.clock(), tenant.timeZone);
        let endsDay: number;
        try {
          endsDay = dayOf(endsOn);
        } catch {
          throw new HttpError(400, 'invalid_request', `endsOn ${endsOn} is not a date of the calendar`, [{ in: 'body', path: 'endsOn', field: 'endsOn' }]);
        }
        if (endsDay < today) {
          throw new HttpError(400, 'invalid_request', `endsOn ${endsOn} is in the past (today is ${isoDate(today)} in ${tenant.timeZone})`, [
            { in: 'body', path: 'endsOn', field: 'endsOn' },
          ]);
        }
        await lockStandings(tx, tenant.id); // before the first write (see lockStandings)
        await setTierOverride(tx, tenant.id, customerId, { tierId, endsOn, reason: reason ?? null });
        return overrideAnswer(tx, tenant.id, customerId);
      }),
  });

  app.delete('/v1/customers/:customerId/tier-override', {
    config: { auth: 'apiKey' },
    schema: {
      tags: ['loyalty'],
      summary: "End a customer's tier override now; their own data decides from today",
      security: [{ apiKey: [] }],
      params,
      response: { 200: TierOverrideResponseSchema, ...errors },
    },
    handler: async (request) =>
      requestTransaction(app.sql, request, async (tx) => {
        const tenant = await tenantOf(tx, request.tenantId);
        const { customerId } = request.params;
        await requireCustomer(tx, tenant.id, customerId);
        await lockStandings(tx, tenant.id); // before the first write (see lockStandings)
        await clearTierOverride(tx, tenant.id, customerId);
        return overrideAnswer(tx, tenant.id, customerId);
      }),
  });

  app.post('/v1/points/redemptions', {
    config: { auth: 'apiKey' },
    bodyLimit: BATCH_BODY_LIMIT,
    schema: {
      tags: ['loyalty'],
      summary: 'Upsert up to 5,000 point redemptions by externalId',
      description:
        'Points a customer spent. The oldest points are used first; a batch that would leave a customer with fewer than 0 ' +
        'points is refused whole, naming that customer\'s items. Redemptions never change a tier (tiers count points earned).',
      security: [{ apiKey: [] }],
      body: PointsRedemptionBatchSchema,
      response: { 200: BatchResultSchema, 400: ErrorResponseSchema, 401: ErrorResponseSchema },
    },
    handler: async (request) => {
      const { items } = request.body;
      const asOf = app.clock();
      return requestTransaction(app.sql, request, async (tx) => {
        const tenantId = (await tenantOf(tx, request.tenantId)).id;
        const missing = await missingCustomerIds(tx, tenantId, [...new Set(items.map((item) => item.customerId))]);
        const problems = duplicateIds(items);
        items.forEach((item, index) => {
          if (missing.has(item.customerId)) problems.push({ index, field: 'customerId', message: `no customer "${item.customerId}"; send it with POST /v1/customers first` });
          if (new Date(item.occurredAt) > asOf) problems.push({ index, field: 'occurredAt', message: 'is in the future' });
        });
        if (problems.length > 0) throw invalidBatch(problems);
        // A re-sent redemption may have moved from one customer to another: both are re-evaluated.
        const touched = [...new Set([...items.map((item) => item.customerId), ...(await redemptionOwners(tx, tenantId, items.map((item) => item.externalId)))])];
        await lockStandings(tx, tenantId); // before the first write (see lockStandings)
        const result = await upsertRedemptions(tx, tenantId, items);
        await evaluateLoyalty(tx, tenantId, asOf, touched);
        const balances = await tx<{ customerId: string; balance: number }[]>`
          select customer_id as "customerId", points_balance::float8 as balance from customer_loyalty
          where tenant_id = ${tenantId} and customer_id = any(${touched}::text[]) and points_balance < 0`;
        const short = new Map(balances.map((row) => [row.customerId, row.balance]));
        const overdrawn: BatchProblem[] = [];
        items.forEach((item, index) => {
          const balance = short.get(item.customerId);
          if (balance !== undefined) overdrawn.push({ index, field: 'points', message: `customer "${item.customerId}" would have ${balance} points after this batch` });
        });
        if (overdrawn.length > 0) throw invalidBatch(overdrawn);
        return result;
      });
    },
  });

  app.post('/v1/custom-milestones', {
    config: { auth: 'apiKey' },
    bodyLimit: BATCH_BODY_LIMIT,
    schema: {
      tags: ['loyalty'],
      summary: 'Report progress on custom milestones, up to 5,000 (customer, milestone) pairs',
      description:
        'For milestones of kind "custom" in the program. A pair is upserted: re-sending replaces the progress and reachedAt. ' +
        'A milestone is reached when `reachedAt` is given; `progress` moves the bar and must stay below the target until then.',
      security: [{ apiKey: [] }],
      body: CustomMilestoneBatchSchema,
      response: { 200: BatchResultSchema, 400: ErrorResponseSchema, 401: ErrorResponseSchema },
    },
    handler: async (request) => {
      const { items } = request.body;
      const asOf = app.clock();
      return requestTransaction(app.sql, request, async (tx) => {
        const tenant = await tenantOf(tx, request.tenantId);
        const { program, version } = await currentProgram(tx, tenant.id, tenant.currency.trim());
        const custom = new Map(program.milestones.filter((milestone) => milestone.kind === 'custom').map((milestone) => [milestone.id, milestone]));
        const missing = await missingCustomerIds(tx, tenant.id, [...new Set(items.map((item) => item.customerId))]);
        const problems: BatchProblem[] = [];
        const firstIndex = new Map<string, number>();
        items.forEach((item, index) => {
          const pair = JSON.stringify([item.customerId, item.milestoneId]);
          const earlier = firstIndex.get(pair);
          if (earlier === undefined) firstIndex.set(pair, index);
          else problems.push({ index, field: 'milestoneId', message: `repeats items[${earlier}]: customer "${item.customerId}", milestone "${item.milestoneId}"` });
          if (missing.has(item.customerId)) problems.push({ index, field: 'customerId', message: `no customer "${item.customerId}"; send it with POST /v1/customers first` });
          const milestone = custom.get(item.milestoneId);
          if (!milestone) {
            const known = [...custom.keys()].map((id) => `"${id}"`).join(', ') || 'none';
            problems.push({ index, field: 'milestoneId', message: `no custom milestone "${item.milestoneId}" in program version ${version} (custom milestones: ${known})` });
          } else if (item.progress !== undefined && item.progress >= milestone.target && !item.reachedAt) {
            problems.push({ index, field: 'reachedAt', message: `progress ${item.progress} reaches the target ${milestone.target}: give reachedAt` });
          }
          if (item.reachedAt && new Date(item.reachedAt) > asOf) problems.push({ index, field: 'reachedAt', message: 'is in the future' });
        });
        if (problems.length > 0) throw invalidBatch(problems);
        await lockStandings(tx, tenant.id); // before the first write (see lockStandings)
        const result = await upsertCustomMilestones(tx, tenant.id, items);
        await evaluateLoyalty(tx, tenant.id, asOf, [...new Set(items.map((item) => item.customerId))]);
        return result;
      });
    },
  });
}
