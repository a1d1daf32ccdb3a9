import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { ErrorResponseSchema } from '../../shared/schemas/common.ts';
import { ScoreRunSchema, type ScoreRun } from '../../shared/schemas/scores.ts';
import { HttpError } from '../http-error.ts';
import { ScoringError, scoreTenant, type ScoreTenantResult } from '../scoring/score-tenant.ts';

export function describeRun(result: ScoreTenantResult): ScoreRun {
  const { purchase, spend, subscription } = result;
  return {
    runId: result.runId,
    customers: result.customers,
    fittedOn: result.fittedOn,
    purchaseModel: purchase && { name: 'bg-nbd', r: purchase.r, alpha: purchase.alpha, a: purchase.a, b: purchase.b, logLikelihood: purchase.logLikelihood, converged: purchase.converged },
    spendModel: spend && { name: 'gamma-gamma', p: spend.p, q: spend.q, gamma: spend.gamma, logLikelihood: spend.logLikelihood, converged: spend.converged },
    subscriptionModel: subscription && { name: 'sbg', alpha: subscription.alpha, beta: subscription.beta, subscribers: subscription.subscribers, logLikelihood: subscription.logLikelihood, converged: subscription.converged },
    stageMs: result.stageMs,
  };
}

// A refit of a large tenant runs longer than the other routes may (OPENBOOK_HANDLER_TIMEOUT_MS); past
// this it is answered 503 while the run finishes on its own. Larger tenants: `openbook score`.
export const SCORING_TIMEOUT_MS = 240_000;

export default async function scoreRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();

  app.post('/v1/scores/refresh', {
    config: { auth: 'apiKey' },
    handlerTimeout: SCORING_TIMEOUT_MS,
    schema: {
      tags: ['scores'],
      summary: "Refit the tenant's models and rescore every customer",
      description:
        'Fits BG/NBD (purchases) and gamma-gamma (spend per purchase) on the tenant\'s kept orders, on a random ' +
        'sample of 20,000 customers when larger, then scores every customer: P(alive), expected purchases and ' +
        'spend over the tenant horizon, and the predicted value discounted at the tenant rate. With subscriptions, ' +
        'also fits the shifted-beta-geometric model and scores every subscriber (renewal probability, expected ' +
        'value within the horizon, residual lifetime value). Customers whose data changed while it ran (new orders, ' +
        'redemptions, overrides) are evaluated again at its end, so that its figures, read at its start, do not ' +
        'replace theirs. Answers when done.',
      security: [{ apiKey: [] }],
      response: { 200: ScoreRunSchema, 401: ErrorResponseSchema, 422: ErrorResponseSchema },
    },
    handler: async (request) => {
      try {
        return describeRun(await scoreTenant(app.sql, request.tenantId, { clock: app.clock }));
      } catch (error) {
        if (error instanceof ScoringError) throw new HttpError(422, 'cannot_score', error.message);
        throw error;
      }
    },
  });
}
