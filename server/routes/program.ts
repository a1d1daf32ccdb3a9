/**
 * The tenant's loyalty program: read it, replace it. Every save is a new version and re-evaluates every
 * customer under it before answering, so that no customer is shown a tier of a program no longer in force.
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { ErrorResponseSchema } from '../../shared/schemas/common.ts';
import { ProgramResponseSchema, ProgramSavedSchema, ProgramUpdateSchema } from '../../shared/schemas/program.ts';
import { localDay } from '../../shared/loyalty/calendar.ts';
import { currentProgram, lockStandings, overridesToMissingTiers, saveProgram } from '../db/loyalty-repository.ts';
import { findTenant } from '../db/tenant-repository.ts';
import { HttpError, unauthorized } from '../http-error.ts';
import { evaluateLoyalty } from '../scoring/loyalty.ts';
import type { Queryable } from '../db/connect.ts';
import { requestTransaction } from '../db/request-transaction.ts';
import { withTenant } from '../db/tenant-scope.ts';

export default async function programRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();

  const tenantOf = async (sql: Queryable, tenantId: string) => {
    const tenant = await findTenant(sql, tenantId);
    if (!tenant) throw unauthorized('invalid API key');
    return tenant;
  };

  app.get('/v1/program', {
    config: { auth: 'apiKey' },
    schema: {
      tags: ['loyalty'],
      summary: 'The loyalty program in force: tiers, points, milestones, rewards, disclosure, lifecycle thresholds',
      description: 'Version 0 is the default program, in force until the first PUT.',
      security: [{ apiKey: [] }],
      response: { 200: ProgramResponseSchema, 401: ErrorResponseSchema },
    },
    handler: async (request) =>
      withTenant(app.sql, request.tenantId, async (tx) => {
        const tenant = await tenantOf(tx, request.tenantId);
        return currentProgram(tx, tenant.id, tenant.currency.trim());
      }),
  });

  app.put('/v1/program', {
    config: { auth: 'apiKey' },
    schema: {
      tags: ['loyalty'],
      summary: 'Replace the loyalty program: saves a new version and re-evaluates every customer under it',
      description:
        'The whole program, validated: tiers from the lowest (atLeast 0) to the highest, each needing more than the one ' +
        'before, keepAtLeast between the atLeast of the tier below and its own; a refusal names the tiers. Omitted ' +
        'sections take their defaults (no milestones, no rewards). With `basedOnVersion`, a save made in between answers 409. ' +
        'A tier that a running override (POST /v1/customers/:customerId/tier-override) points at cannot be removed (409).',
      security: [{ apiKey: [] }],
      body: ProgramUpdateSchema,
      response: { 200: ProgramSavedSchema, 400: ErrorResponseSchema, 401: ErrorResponseSchema, 409: ErrorResponseSchema },
    },
    handler: async (request) => {
      const { basedOnVersion, ...program } = request.body;
      const asOf = app.clock();
      // The new version and everyone's standing under it commit together.
      return requestTransaction(app.sql, request, async (tx) => {
        const tenant = await tenantOf(tx, request.tenantId);
        // Saves of one tenant one at a time, so that version numbers never collide.
        await tx`select pg_advisory_xact_lock(hashtext(${`program:${tenant.id}`}))`;
        const current = await currentProgram(tx, tenant.id, tenant.currency.trim());
        if (basedOnVersion !== undefined && basedOnVersion !== current.version) {
          throw new HttpError(409, 'version_conflict', `the program is at version ${current.version}, not ${basedOnVersion}: read it again and reapply the change`);
        }
        const inUse = await overridesToMissingTiers(tx, tenant.id, program.tiers.map((tier) => tier.id), localDay(asOf, tenant.timeZone));
        if (inUse.length > 0) {
          const list = inUse.map(({ tierId, customers }) => `"${tierId}" (${customers} customer${customers === 1 ? '' : 's'})`).join(', ');
          throw new HttpError(409, 'tier_in_use', `the program drops tiers that overrides in force point at: ${list}; end those overrides first`, inUse);
        }
        await lockStandings(tx, tenant.id); // before the first write (see lockStandings)
        const saved = await saveProgram(tx, tenant.id, program);
        const reevaluated = await evaluateLoyalty(tx, tenant.id, asOf);
        return { ...saved, reevaluated };
      });
    },
  });
}
