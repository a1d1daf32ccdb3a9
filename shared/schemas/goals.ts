import { z } from 'zod';
import { ProgramIdSchema } from './program.ts';

/**
 * Growth goals co-set by a customer and the vendor's reps (issue 5), through the widget: `GET /v1/me/goals`,
 * `POST /v1/me/goals` (propose), `POST /v1/me/goals/:goalId/accept`, `.../decline` and `.../counter`.
 * The two parties are the customer (an embed token with role "customer") and the vendor (any rep: role
 * "rep"); the party that did not make the latest proposal acts on it. An accepted goal runs to its due
 * date and ends the day after as achieved or missed, from the customer's own data.
 */

export const GOAL_METRICS = ['spend12m', 'orders', 'productsAdopted', 'tierByDate', 'predictedValue'] as const;
export type GoalMetric = (typeof GOAL_METRICS)[number];

export const GOAL_STATUSES = ['proposed', 'accepted', 'declined', 'expired', 'achieved', 'missed'] as const;
export type GoalStatus = (typeof GOAL_STATUSES)[number];
export const ENDED_GOAL_STATUSES: readonly GoalStatus[] = ['declined', 'expired', 'achieved', 'missed'];

export const GOAL_ACTIONS = ['accept', 'decline', 'counter'] as const;
export type GoalAction = (typeof GOAL_ACTIONS)[number];

export const GOAL_EVENTS = ['proposed', 'countered', 'accepted', 'declined', 'expired', 'achieved', 'missed'] as const;
export type GoalEventKind = (typeof GOAL_EVENTS)[number];

export const GOAL_PARTIES = ['customer', 'rep'] as const;
export type GoalParty = (typeof GOAL_PARTIES)[number];

/** What each metric counts, in the customer's own data (kept orders: paid, not refunded). */
export const GOAL_METRIC_DEFINITIONS: Record<GoalMetric, { unit: 'money' | 'count' | 'tier'; description: string }> = {
  spend12m: { unit: 'money', description: 'kept spend in the 12 months up to the day (rolling), minor units; read on the due date' },
  orders: { unit: 'count', description: 'kept orders from the day the goal was accepted through the due date' },
  productsAdopted: { unit: 'count', description: 'distinct products (skus) ever bought in a kept order, on the due date' },
  tierByDate: { unit: 'tier', description: 'the loyalty tier held on the due date is the target tier or a higher one' },
  predictedValue: { unit: 'money', description: 'predicted value over the tenant horizon (GET /v1/me prediction), as of the due date' },
};

const Day = z.iso.date();
const DueDate = Day.describe('the last day that counts (inclusive, tenant time zone); the goal ends the day after');
const Note = z.string().trim().min(1).max(500);
const Money = z.number().int().min(1).max(1e13);
const Count = z.number().int().min(1).max(1e6);
const proposal = <M extends GoalMetric, T extends z.ZodType>(metric: M, target: T) =>
  z.strictObject({ metric: z.literal(metric), target, dueDate: DueDate, note: Note.optional().describe('why, in the proposer\'s words') });

export const GoalProposalSchema = z.discriminatedUnion('metric', [
  proposal('spend12m', Money.describe('minor units of spend in the 12 months up to the due date')),
  proposal('orders', Count.describe('kept orders from acceptance through the due date')),
  proposal('productsAdopted', Count.describe('distinct products bought, in all, by the due date')),
  proposal('tierByDate', ProgramIdSchema.describe('a tier id of the loyalty program (GET /v1/me/goals lists them)')),
  proposal('predictedValue', Money.describe('minor units of predicted value on the due date')),
]);
export type GoalProposal = z.infer<typeof GoalProposalSchema>;

export const GoalCounterSchema = z
  .strictObject({
    target: z.union([z.number().int().min(1).max(1e13), ProgramIdSchema]).optional().describe("new target, in the goal metric's unit (a tier id for tierByDate)"),
    dueDate: DueDate.optional(),
    note: Note.optional(),
  })
  .refine((body) => body.target !== undefined || body.dueDate !== undefined, {
    message: 'a counter-proposal changes the target, the due date or both',
    path: ['target'],
  });
export type GoalCounter = z.infer<typeof GoalCounterSchema>;

export const GoalDecisionSchema = z.strictObject({ note: Note.optional() }).optional().describe('`{}`, or a note kept in the history');

export const GoalActorSchema = z.object({
  role: z.enum(['customer', 'rep', 'system']),
  repId: z.string().nullable().describe("the rep's id (from the embed token's `rep` claim)"),
});

export const GoalTermsSchema = z.object({
  target: z.union([z.number(), z.string()]),
  dueDate: Day,
  note: z.string().nullable(),
});

export const GoalEventSchema = z.object({
  at: z.string().describe('ISO 8601 date-time'),
  by: GoalActorSchema,
  action: z.enum(GOAL_EVENTS),
  terms: GoalTermsSchema.nullable().describe('proposed and countered: the terms put forward'),
  note: z.string().nullable(),
  value: z.number().nullable().describe('achieved and missed: the value on the due date'),
});

const TierRef = z.object({ id: z.string(), name: z.string(), rank: z.number().int() });

export const GoalProgressSchema = z.object({
  asOfDate: Day.describe('the day the value is read: today, or the due date once the goal ended'),
  value: z.number().describe('in the metric unit; tierByDate: the qualifying value of the loyalty program'),
  target: z.number().describe('in the same unit; tierByDate: what reaches the target tier'),
  fraction: z.number().min(0).max(1),
  countedFrom: Day.nullable().describe('orders: counted from this day (acceptance); null otherwise'),
  tier: z.object({ current: TierRef, target: TierRef.nullable().describe('null when the program no longer has the tier') }).nullable(),
});

export const GoalSchema = z.object({
  id: z.string(),
  metric: z.enum(GOAL_METRICS),
  target: z.union([z.number(), z.string()]).describe('a number in the metric unit, or a tier id for tierByDate'),
  dueDate: Day,
  note: z.string().nullable(),
  status: z.enum(GOAL_STATUSES),
  proposedBy: GoalActorSchema.describe('who made the latest proposal or counter-proposal'),
  awaiting: z.enum(GOAL_PARTIES).nullable().describe('the party who may act now (proposed goals)'),
  actions: z.array(z.enum(GOAL_ACTIONS)).describe('what the caller may do now'),
  acceptedAt: z.string().nullable(),
  endedAt: z.string().nullable(),
  progress: GoalProgressSchema.nullable().describe('from the customer\'s own data; null for declined and expired goals, or without a model (predictedValue)'),
  revision: z.number().int().positive(),
  history: z.array(GoalEventSchema).describe('every change, oldest first'),
});
export type Goal = z.infer<typeof GoalSchema>;

export const GoalListSchema = z.object({
  asOf: z.string(),
  today: Day.describe('in the tenant time zone'),
  currency: z.string(),
  you: GoalActorSchema,
  goals: z.array(GoalSchema).describe('newest first'),
  metrics: z.array(z.object({ metric: z.enum(GOAL_METRICS), unit: z.enum(['money', 'count', 'tier']), description: z.string() })),
  tiers: z.array(z.object({ id: z.string(), name: z.string(), rank: z.number().int(), atLeast: z.number() })).describe('targets of tierByDate'),
});
export type GoalList = z.infer<typeof GoalListSchema>;
