/**
 * Goals (issue 5) on the server: their value from the customer's own data on a day of the tenant
 * calendar, the end of goals whose due date has passed (on read, and for a whole tenant after each
 * scoring run), and the view the widget shows.
 *
 * Values: order metrics from the kept orders (shared/goals/progress.ts); the tier from the loyalty rules
 * (`evaluateCustomer`) as of the end of the day; the predicted value as stored for today, and for a due
 * date in the past recomputed as of the end of that day with the tenant's latest models (the same
 * `scoreRow` as a scoring run).
 */
import type { Queryable } from '../db/connect.ts';
import { findTenant, type TenantSettings } from '../db/tenant-repository.ts';
import { currentProgram, readLoyaltyInputs, type ProgramVersion } from '../db/loyalty-repository.ts';
import { latestSucceededRun, readPurchaseDays } from '../db/score-repository.ts';
import { readCustomerPurchases } from '../db/suggestion-repository.ts';
import {
  addGoalEvent,
  customersWithGoalsDue,
  endOfDay,
  listGoals,
  lockGoalsDue,
  storedPredictedValue,
  updateGoal,
  type GoalEventRow,
  type GoalRow,
} from '../db/goal-repository.ts';
import { evaluateCustomer } from '../../shared/loyalty/evaluate.ts';
import { isoDate, localDay } from '../../shared/loyalty/calendar.ts';
import { goalFraction, goalOutcome, orderGoalValue, type GoalOrder } from '../../shared/goals/progress.ts';
import { allowedActions, awaiting } from '../../shared/goals/workflow.ts';
import { GOAL_METRIC_DEFINITIONS, GOAL_METRICS, type Goal, type GoalList, type GoalParty } from '../../shared/schemas/goals.ts';
import { calendarDayNumber, rfmFromPurchaseDays } from '../../shared/clv/rfm.ts';
import { scoreRow } from './score-rows.ts';
import { withTenant } from '../db/tenant-scope.ts';

export interface GoalActor {
  role: GoalParty;
  repId: string | null;
}

type Progress = NonNullable<Goal['progress']> & { outcome: 'achieved' | 'missed' };

/** What a customer's goals are measured with, read once per request or customer. */
export interface GoalData {
  tenant: TenantSettings;
  program: ProgramVersion;
  customerId: string;
  asOf: Date;
  today: number;
  orders: GoalOrder[];
}

export async function goalData(sql: Queryable, tenant: TenantSettings, program: ProgramVersion, customerId: string, asOf: Date): Promise<GoalData | null> {
  const purchases = await readCustomerPurchases(sql, tenant.id, customerId, asOf, tenant.timeZone);
  if (!purchases) return null;
  return {
    tenant,
    program,
    customerId,
    asOf,
    today: localDay(asOf, tenant.timeZone),
    orders: purchases.orders.map((order) => ({ day: order.day, amount: order.amount, skus: order.items.map((item) => item.sku) })),
  };
}

/** The goal's value on `day` (today, or its due date), or null when there is nothing to measure it with. */
export async function measure(sql: Queryable, data: GoalData, goal: GoalRow, day: number): Promise<Progress | null> {
  const { tenant, program, customerId, today } = data;
  const base = { asOfDate: isoDate(day), countedFrom: null, tier: null };
  const numeric = (value: number): Progress => {
    const target = goal.targetValue ?? 0;
    return { ...base, value, target, fraction: goalFraction(value, target), outcome: goalOutcome(value, target) };
  };
  switch (goal.metric) {
    case 'spend12m':
    case 'productsAdopted':
      return numeric(orderGoalValue(goal.metric, data.orders, day, day));
    case 'orders': {
      const from = goal.startDay ?? today;
      return { ...numeric(orderGoalValue('orders', data.orders, day, from)), countedFrom: isoDate(from) };
    }
    case 'tierByDate': {
      const instant = day >= today ? data.asOf : await endOfDay(sql, day, tenant.timeZone);
      const inputs = (await readLoyaltyInputs(sql, tenant.id, [customerId], { asOf: instant, timeZone: tenant.timeZone, program: program.program })).get(customerId);
      if (!inputs) return null;
      const context = { program: program.program, programVersion: program.version, timeZone: tenant.timeZone, currency: tenant.currency.trim(), asOf: instant };
      const { tier } = evaluateCustomer(inputs, context).loyalty;
      const rank = program.program.tiers.findIndex((candidate) => candidate.id === goal.targetTier);
      const target = program.program.tiers[rank];
      const reached = target !== undefined && tier.current.rank >= rank;
      return {
        ...base,
        value: tier.qualifying.value,
        target: target?.atLeast ?? 0,
        fraction: reached ? 1 : target ? goalFraction(tier.qualifying.value, target.atLeast) : 0,
        tier: { current: { id: tier.current.id, name: tier.current.name, rank: tier.current.rank }, target: target ? { id: target.id, name: target.name, rank } : null },
        outcome: reached ? 'achieved' : 'missed',
      };
    }
    case 'predictedValue': {
      const run = await latestSucceededRun(sql, tenant.id);
      if (day >= today) {
        const stored = await storedPredictedValue(sql, tenant.id, customerId);
        // A customer without a purchase has no score: with a model in place their predicted value is 0.
        return stored !== null ? numeric(stored) : run?.params ? numeric(0) : null;
      }
      if (!run?.params) return null;
      const instant = await endOfDay(sql, day, tenant.timeZone);
      const [days] = await readPurchaseDays(sql, tenant.id, { asOf: instant, timeZone: tenant.timeZone, customerIds: [customerId] });
      if (!days) return numeric(0);
      // As a scoring run on that day would have scored the customer (score-tenant.ts), with today's models.
      const row = { customerId, ...rfmFromPurchaseDays(days.days, days.values, calendarDayNumber(instant, tenant.timeZone)) };
      const settings = { horizonMonths: tenant.horizonMonths, annualDiscountRate: tenant.annualDiscountRate };
      return numeric(scoreRow(row, run.params, settings).predictedValue);
    }
  }
}

/**
 * Ends the goals whose due date has passed, for the given customers (all of the tenant's when omitted):
 * an accepted goal is achieved or missed by its value on the due date, a proposal nobody accepted
 * expires. Each customer in one transaction, with the goals locked, so a concurrent reader or party
 * never ends a goal twice. Answers how many goals ended.
 */
export async function settleGoals(sql: Queryable, tenantId: string, asOf: Date, customerIds?: string[]): Promise<number> {
  const tenant = await findTenant(sql, tenantId);
  if (!tenant) return 0;
  const today = localDay(asOf, tenant.timeZone);
  const due = await customersWithGoalsDue(sql, tenantId, today, customerIds);
  if (due.length === 0) return 0;
  const program = await currentProgram(sql, tenantId, tenant.currency.trim());
  let ended = 0;
  for (const customerId of due) {
    const data = await goalData(sql, tenant, program, customerId, asOf);
    if (!data) continue;
    const run = async (tx: Queryable) => {
      for (const goal of await lockGoalsDue(tx, tenantId, customerId, today)) {
        const system = { at: asOf, actorRole: 'system' as const, actorRep: null };
        if (goal.status === 'proposed') {
          await updateGoal(tx, tenantId, goal.id, { status: 'expired', endedAt: asOf }, asOf);
          await addGoalEvent(tx, tenantId, goal.id, { ...system, action: 'expired' });
          ended += 1;
          continue;
        }
        const progress = await measure(tx, data, goal, goal.dueDay);
        // Nothing to measure with yet (a predicted value before any model): it ends when there is.
        if (!progress) continue;
        await updateGoal(tx, tenantId, goal.id, { status: progress.outcome, endedAt: asOf, finalValue: progress.value }, asOf);
        await addGoalEvent(tx, tenantId, goal.id, { ...system, action: progress.outcome, value: progress.value });
        ended += 1;
      }
    };
    await withTenant(sql, tenantId, run);
  }
  return ended;
}

const actorOf = (role: GoalEventRow['actorRole'], repId: string | null) => ({ role, repId });

/** A goal as the widget shows it to `actor`, with its progress. */
async function view(sql: Queryable, data: GoalData, goal: GoalRow & { events: GoalEventRow[] }, actor: GoalActor): Promise<Goal> {
  let progress: Goal['progress'] = null;
  if (goal.status === 'proposed' || goal.status === 'accepted') {
    const measured = await measure(sql, data, goal, data.today);
    if (measured) {
      const { outcome: _notYet, ...rest } = measured;
      progress = rest;
    }
  } else if ((goal.status === 'achieved' || goal.status === 'missed') && goal.finalValue !== null) {
    const tierIndex = data.program.program.tiers.findIndex((tier) => tier.id === goal.targetTier);
    const target = goal.metric === 'tierByDate' ? (data.program.program.tiers[tierIndex]?.atLeast ?? 0) : (goal.targetValue ?? 0);
    progress = {
      asOfDate: goal.dueDate,
      value: goal.finalValue,
      target,
      fraction: goal.status === 'achieved' ? 1 : goalFraction(goal.finalValue, target),
      countedFrom: goal.metric === 'orders' && goal.startDay !== null ? isoDate(goal.startDay) : null,
      tier: null,
    };
  }
  const state = { status: goal.status, proposedBy: goal.proposedBy };
  return {
    id: goal.id,
    metric: goal.metric,
    target: goal.metric === 'tierByDate' ? (goal.targetTier ?? '') : (goal.targetValue ?? 0),
    dueDate: goal.dueDate,
    note: goal.note,
    status: goal.status,
    proposedBy: actorOf(goal.proposedBy, goal.proposedByRep),
    awaiting: awaiting(state),
    actions: allowedActions(state, actor.role),
    acceptedAt: goal.acceptedAt?.toISOString() ?? null,
    endedAt: goal.endedAt?.toISOString() ?? null,
    progress,
    revision: goal.revision,
    history: goal.events.map((event) => ({
      at: event.at.toISOString(),
      by: actorOf(event.actorRole, event.actorRep),
      action: event.action,
      terms: event.terms,
      note: event.note,
      value: event.value,
    })),
  };
}

/**
 * The customer's goals for `actor`, after ending those that came due; null when the tenant has no such
 * customer. With `onlyId`, just that goal (null when it is not this customer's).
 */
export async function goalList(sql: Queryable, tenantId: string, customerId: string, asOf: Date, actor: GoalActor): Promise<GoalList | null> {
  const tenant = await findTenant(sql, tenantId);
  if (!tenant) return null;
  await settleGoals(sql, tenantId, asOf, [customerId]);
  const program = await currentProgram(sql, tenantId, tenant.currency.trim());
  const data = await goalData(sql, tenant, program, customerId, asOf);
  if (!data) return null;
  const goals = await listGoals(sql, tenantId, customerId);
  const views: Goal[] = [];
  for (const goal of goals) views.push(await view(sql, data, goal, actor));
  return {
    asOf: asOf.toISOString(),
    today: isoDate(data.today),
    currency: tenant.currency.trim(),
    you: actorOf(actor.role, actor.repId),
    goals: views,
    metrics: GOAL_METRICS.map((metric) => ({ metric, ...GOAL_METRIC_DEFINITIONS[metric] })),
    tiers: program.program.tiers.map((tier, rank) => ({ id: tier.id, name: tier.name, rank, atLeast: tier.atLeast })),
  };
}

export async function oneGoal(sql: Queryable, tenantId: string, customerId: string, asOf: Date, actor: GoalActor, goalId: string): Promise<Goal | null> {
  const list = await goalList(sql, tenantId, customerId, asOf, actor);
  return list?.goals.find((goal) => goal.id === goalId) ?? null;
}
