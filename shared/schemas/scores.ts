import { z } from 'zod';

export const ScoreRefreshRequestSchema = z.strictObject({}).optional();

export const ScoreRunSchema = z.object({
  runId: z.number().int(),
  customers: z.number().int().describe('customers scored'),
  fittedOn: z.number().int().describe('customers the models were fitted on (a random sample above 20,000)'),
  purchaseModel: z.object({
    name: z.literal('bg-nbd'),
    r: z.number(),
    alpha: z.number(),
    a: z.number(),
    b: z.number(),
    logLikelihood: z.number(),
    converged: z.boolean(),
  }).nullable().describe('null when the orders could not support the order models'),
  spendModel: z.object({
    name: z.literal('gamma-gamma'),
    p: z.number(),
    q: z.number(),
    gamma: z.number(),
    logLikelihood: z.number(),
    converged: z.boolean(),
  }).nullable(),
  subscriptionModel: z.object({
    name: z.literal('sbg'),
    alpha: z.number(),
    beta: z.number(),
    subscribers: z.number().int(),
    logLikelihood: z.number(),
    converged: z.boolean(),
  }).nullable().describe('shifted-beta-geometric retention of subscribers; null without subscriptions'),
  stageMs: z.object({ read: z.number(), fit: z.number(), score: z.number(), write: z.number() }),
});
export type ScoreRun = z.infer<typeof ScoreRunSchema>;
