/**
 * Goals co-set by the customer and the vendor's reps, through the widget: embed tokens only. The customer
 * is the token's `sub` and the tenant its `iss`, so a rep acts for that customer of that tenant and no
 * other; the party is the token's role (every rep speaks for the vendor).
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ErrorResponseSchema } from '../../shared/schemas/common.ts';
import {
  GoalCounterSchema,
  GoalDecisionSchema,
  GoalListSchema,
  GoalProposalSchema,
  GoalSchema,
  type GoalAction,
  type GoalMetric,
} from '../../shared/schemas/goals.ts';
import { addMonths, dayOf, isoDate, localDay } from '../../shared/loyalty/calendar.ts';
import { refusal, statusAfter } from '../../shared/goals/workflow.ts';
import { randomId } from '../credentials.ts';
import type { Queryable } from '../db/connect.ts';
import { currentProgram } from '../db/loyalty-repository.ts';
import { addGoalEvent, countOpenGoals, insertGoal, lockGoal, updateGoal, type GoalUpdate } from '../db/goal-repository.ts';
import { findTenant, type TenantSettings } from '../db/tenant-repository.ts';
import { missingCustomerIds } from '../db/customer-repository.ts';
import { HttpError, notFound, unauthorized } from '../http-error.ts';
import { goalList, oneGoal, settleGoals, type GoalActor } from '../scoring/goals.ts';
import { withTenant } from '../db/tenant-scope.ts';

/** Open goals (proposed or accepted) a customer may have at once. */
export const MAX_OPEN_GOALS = 20;
/** How far ahead a due date may be. */
const MAX_DUE_MONTHS = 60;
const MONEY_MAX = 1e13;
const COUNT_MAX = 1e6;

const invalid = (field: string, message: string) => new HttpError(400, 'invalid_request', `${field}: ${message}`, [{ in: 'body', path: field, field, message }]);

export default async function goalRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const errors = { 400: ErrorResponseSchema, 401: ErrorResponseSchema, 403: ErrorResponseSchema, 404: ErrorResponseSchema, 409: ErrorResponseSchema };

  /** Who is acting, for whom: from the verified token alone. */
  const caller = async (tx: Queryable, request: FastifyRequest): Promise<{ tenant: TenantSettings; customerId: string; actor: GoalActor }> => {
    const embed = request.embed;
    if (!embed) throw unauthorized('an embed token is required');
    const tenant = await findTenant(tx, request.tenantId);
    if (!tenant) throw unauthorized('invalid or expired embed token');
    if ((await missingCustomerIds(tx, tenant.id, [embed.customerId])).size > 0) throw notFound('customer');
    return { tenant, customerId: embed.customerId, actor: { role: embed.role, repId: embed.repId } };
  };

  const checkDueDate = (tenant: TenantSettings, dueDate: string, field = 'dueDate') => {
    const today = localDay(app.clock(), tenant.timeZone);
    let due: number;
    try {
      due = dayOf(dueDate);
    } catch {
      throw invalid(field, `${dueDate} is not a date of the calendar`);
    }
    if (due < today) throw invalid(field, `${dueDate} is in the past (today is ${isoDate(today)} in ${tenant.timeZone})`);
    if (due > addMonths(today, MAX_DUE_MONTHS)) throw invalid(field, `${dueDate} is more than ${MAX_DUE_MONTHS} months ahead`);
  };

  /** The target as stored: a tier of the program for tierByDate, else a whole number in the metric's range. */
  const checkTarget = async (sql: Queryable, tenant: TenantSettings, metric: GoalMetric, target: number | string): Promise<Pick<GoalUpdate, 'targetValue' | 'targetTier'>> => {
    if (metric === 'tierByDate') {
      const { program, version } = await currentProgram(sql, tenant.id, tenant.currency.trim());
      if (typeof target !== 'string' || !program.tiers.some((tier) => tier.id === target)) {
        throw invalid('target', `tierByDate needs a tier of program version ${version}: ${program.tiers.map((tier) => `"${tier.id}"`).join(', ')}`);
      }
      return { targetTier: target, targetValue: null };
    }
    const max = metric === 'orders' || metric === 'productsAdopted' ? COUNT_MAX : MONEY_MAX;
    if (typeof target !== 'number' || !Number.isInteger(target) || target < 1 || target > max) {
      throw invalid('target', `${metric} needs a whole number from 1 to ${max}`);
    }
    return { targetValue: target, targetTier: null };
  };

  const answer = async (tx: Queryable, tenantId: string, customerId: string, actor: GoalActor, goalId: string) => {
    const goal = await oneGoal(tx, tenantId, customerId, app.clock(), actor, goalId);
    if (!goal) throw notFound('goal');
    return goal;
  };

  app.get('/v1/me/goals', {
    config: { auth: 'embed' },
    schema: {
      tags: ['widget'],
      summary: "The token's customer's goals, with progress and history",
      description:
        'Goals whose due date has passed end first: an accepted goal as achieved or missed by its value on the due date, an ' +
        'unanswered proposal as expired. `actions` on each goal is what the caller may do now; `metrics` and `tiers` are what a ' +
        'proposal may use.',
      security: [{ embedToken: [] }],
      querystring: z.strictObject({}),
      response: { 200: GoalListSchema, 401: ErrorResponseSchema, 404: ErrorResponseSchema },
    },
    handler: async (request) =>
      withTenant(app.sql, request.tenantId, async (tx) => {
        const { tenant, customerId, actor } = await caller(tx, request);
        const list = await goalList(tx, tenant.id, customerId, app.clock(), actor);
        if (!list) throw notFound('customer');
        return list;
      }),
  });

  app.post('/v1/me/goals', {
    config: { auth: 'embed' },
    schema: {
      tags: ['widget'],
      summary: 'Propose a goal; the other party accepts, declines or counters it',
      description:
        'metric: spend12m (minor units, rolling 12 months on the due date), orders (kept orders from acceptance through the due ' +
        'date), productsAdopted (distinct products bought by the due date), tierByDate (a tier id: held on the due date), ' +
        'predictedValue (minor units, on the due date). The due date is today or later (tenant time zone), at most 60 months ahead. ' +
        `A customer has at most ${MAX_OPEN_GOALS} open goals.`,
      security: [{ embedToken: [] }],
      body: GoalProposalSchema,
      response: { 201: GoalSchema, ...errors },
    },
    handler: async (request, reply) =>
      withTenant(app.sql, request.tenantId, async (tx) => {
        const { tenant, customerId, actor } = await caller(tx, request);
        const proposal = request.body;
        checkDueDate(tenant, proposal.dueDate);
        const target = await checkTarget(tx, tenant, proposal.metric, proposal.target);
        const asOf = app.clock();
        const id = randomId('g');
        // Proposals of one customer one at a time, so the limit on open goals holds.
        await tx`select pg_advisory_xact_lock(hashtext(${`goals:${tenant.id}:${customerId}`}))`;
        if ((await countOpenGoals(tx, tenant.id, customerId)) >= MAX_OPEN_GOALS) {
          throw new HttpError(409, 'too_many_goals', `a customer has at most ${MAX_OPEN_GOALS} open goals; end or decline one first`);
        }
        await insertGoal(tx, tenant.id, { id, customerId, metric: proposal.metric, targetValue: target.targetValue ?? null, targetTier: target.targetTier ?? null, dueDate: proposal.dueDate, note: proposal.note ?? null, proposedBy: actor.role, proposedByRep: actor.repId }, asOf);
        await addGoalEvent(tx, tenant.id, id, {
          at: asOf,
          actorRole: actor.role,
          actorRep: actor.repId,
          action: 'proposed',
          terms: { target: proposal.target, dueDate: proposal.dueDate, note: proposal.note ?? null },
        });
        reply.code(201);
        return answer(tx, tenant.id, customerId, actor, id);
      }),
  });

  const params = z.strictObject({ goalId: z.string().min(1).max(64) });

  /** Accept, decline or counter: only the party that did not make the latest proposal, and only while it is open. */
  const act = (request: FastifyRequest, goalId: string, action: GoalAction, terms: { target?: number | string; dueDate?: string; note?: string }) =>
    withTenant(app.sql, request.tenantId, async (tx) => {
      const { tenant, customerId, actor } = await caller(tx, request);
      const asOf = app.clock();
      // A proposal whose due date passed has expired, and an accepted goal past it has ended: settle first.
      await settleGoals(tx, tenant.id, asOf, [customerId]);
      const goal = await lockGoal(tx, tenant.id, customerId, goalId);
      if (!goal) throw notFound('goal');
      const refused = refusal({ status: goal.status, proposedBy: goal.proposedBy }, actor.role, action);
      if (refused) throw new HttpError(refused.statusCode, refused.code, refused.message);
      const who = { at: asOf, actorRole: actor.role, actorRep: actor.repId, note: terms.note ?? null };
      if (action === 'accept') {
        await updateGoal(tx, tenant.id, goalId, { status: statusAfter(action), acceptedAt: asOf, startDay: localDay(asOf, tenant.timeZone) }, asOf);
        await addGoalEvent(tx, tenant.id, goalId, { ...who, action: 'accepted' });
      } else if (action === 'decline') {
        await updateGoal(tx, tenant.id, goalId, { status: statusAfter(action), endedAt: asOf }, asOf);
        await addGoalEvent(tx, tenant.id, goalId, { ...who, action: 'declined' });
      } else {
        if (terms.dueDate !== undefined) checkDueDate(tenant, terms.dueDate);
        const target = terms.target !== undefined ? await checkTarget(tx, tenant, goal.metric, terms.target) : {};
        const note = terms.note ?? goal.note;
        const dueDate = terms.dueDate ?? goal.dueDate;
        await updateGoal(tx, tenant.id, goalId, { ...target, dueDate, note, status: statusAfter(action), proposedBy: actor.role, proposedByRep: actor.repId }, asOf);
        const newTarget = target.targetTier ?? target.targetValue ?? (goal.metric === 'tierByDate' ? (goal.targetTier ?? '') : (goal.targetValue ?? 0));
        await addGoalEvent(tx, tenant.id, goalId, { ...who, action: 'countered', terms: { target: newTarget, dueDate, note } });
      }
      return answer(tx, tenant.id, customerId, actor, goalId);
    });

  app.post('/v1/me/goals/:goalId/accept', {
    config: { auth: 'embed' },
    schema: {
      tags: ['widget'],
      summary: 'Accept the latest proposal of the other party; the goal starts today',
      security: [{ embedToken: [] }],
      params,
      body: GoalDecisionSchema,
      response: { 200: GoalSchema, ...errors },
    },
    handler: async (request) => act(request, request.params.goalId, 'accept', { note: request.body?.note }),
  });

  app.post('/v1/me/goals/:goalId/decline', {
    config: { auth: 'embed' },
    schema: {
      tags: ['widget'],
      summary: 'Decline the latest proposal of the other party; the goal ends',
      security: [{ embedToken: [] }],
      params,
      body: GoalDecisionSchema,
      response: { 200: GoalSchema, ...errors },
    },
    handler: async (request) => act(request, request.params.goalId, 'decline', { note: request.body?.note }),
  });

  app.post('/v1/me/goals/:goalId/counter', {
    config: { auth: 'embed' },
    schema: {
      tags: ['widget'],
      summary: 'Counter the latest proposal of the other party with a new target and/or due date',
      description: 'The new terms replace the old ones and wait for the other party, who may accept, decline or counter them in turn.',
      security: [{ embedToken: [] }],
      params,
      body: GoalCounterSchema,
      response: { 200: GoalSchema, ...errors },
    },
    handler: async (request) => act(request, request.params.goalId, 'counter', request.body),
  });
}
