/**
 * Goals and their history. Every change of a goal is one update of its row (its revision goes up) and one
 * event; writers lock the row first (`lockGoal`) inside a transaction, so two parties acting at once take
 * turns and the second sees the first's change.
 */
import type { Queryable } from './connect.ts';
import type { GoalEventKind, GoalMetric, GoalParty, GoalStatus } from '../../shared/schemas/goals.ts';

export interface GoalRow {
  id: string;
  customerId: string;
  metric: GoalMetric;
  targetValue: number | null;
  targetTier: string | null;
  dueDate: string;
  dueDay: number;
  note: string | null;
  status: GoalStatus;
  proposedBy: GoalParty;
  proposedByRep: string | null;
  acceptedAt: Date | null;
  startDay: number | null;
  endedAt: Date | null;
  finalValue: number | null;
  revision: number;
}

export interface GoalEventRow {
  goalId: string;
  seq: number;
  at: Date;
  actorRole: GoalParty | 'system';
  actorRep: string | null;
  action: GoalEventKind;
  terms: { target: number | string; dueDate: string; note: string | null } | null;
  note: string | null;
  value: number | null;
}

const goalColumns = (sql: Queryable) => sql`
  id, customer_id as "customerId", metric, target_value as "targetValue", target_tier as "targetTier",
  to_char(due_date, 'YYYY-MM-DD') as "dueDate", (due_date - date '1970-01-01') as "dueDay", note, status,
  proposed_by as "proposedBy", proposed_by_rep as "proposedByRep", accepted_at as "acceptedAt",
  (start_date - date '1970-01-01') as "startDay", ended_at as "endedAt", final_value as "finalValue", revision`;

/** The customer's goals, newest first, with their events oldest first. */
export async function listGoals(sql: Queryable, tenantId: string, customerId: string): Promise<Array<GoalRow & { events: GoalEventRow[] }>> {
  const [goals, events] = await Promise.all([
    sql<GoalRow[]>`
      select ${goalColumns(sql)} from goals
      where tenant_id = ${tenantId} and customer_id = ${customerId}
      order by created_at desc, id desc`,
    sql<GoalEventRow[]>`
      select e.goal_id as "goalId", e.seq, e.at, e.actor_role as "actorRole", e.actor_rep as "actorRep", e.action, e.terms, e.note, e.value
      from goal_events e join goals g on g.tenant_id = e.tenant_id and g.id = e.goal_id
      where e.tenant_id = ${tenantId} and g.customer_id = ${customerId}
      order by e.goal_id, e.seq`,
  ]);
  const byGoal = new Map<string, GoalEventRow[]>();
  for (const event of events) {
    const list = byGoal.get(event.goalId) ?? [];
    list.push(event);
    byGoal.set(event.goalId, list);
  }
  return goals.map((goal) => ({ ...goal, events: byGoal.get(goal.id) ?? [] }));
}

export async function goalEvents(sql: Queryable, tenantId: string, goalId: string): Promise<GoalEventRow[]> {
  return sql<GoalEventRow[]>`
    select goal_id as "goalId", seq, at, actor_role as "actorRole", actor_rep as "actorRep", action, terms, note, value
    from goal_events where tenant_id = ${tenantId} and goal_id = ${goalId} order by seq`;
}

/** The goal, locked until the transaction ends; null when it is not this customer's (in this tenant). */
export async function lockGoal(tx: Queryable, tenantId: string, customerId: string, goalId: string): Promise<GoalRow | null> {
  const [row] = await tx<GoalRow[]>`
    select ${goalColumns(tx)} from goals
    where tenant_id = ${tenantId} and customer_id = ${customerId} and id = ${goalId}
    for update`;
  return row ?? null;
}

export async function countOpenGoals(sql: Queryable, tenantId: string, customerId: string): Promise<number> {
  const [row] = await sql<{ n: number }[]>`
    select count(*)::int as n from goals
    where tenant_id = ${tenantId} and customer_id = ${customerId} and status in ('proposed', 'accepted')`;
  return row?.n ?? 0;
}

export interface NewGoal {
  id: string;
  customerId: string;
  metric: GoalMetric;
  targetValue: number | null;
  targetTier: string | null;
  dueDate: string;
  note: string | null;
  proposedBy: GoalParty;
  proposedByRep: string | null;
}

export async function insertGoal(tx: Queryable, tenantId: string, goal: NewGoal, at: Date): Promise<void> {
  await tx`
    insert into goals (tenant_id, id, customer_id, metric, target_value, target_tier, due_date, note, status, proposed_by, proposed_by_rep, created_at, updated_at)
    values (${tenantId}, ${goal.id}, ${goal.customerId}, ${goal.metric}, ${goal.targetValue}, ${goal.targetTier}, ${goal.dueDate}::date, ${goal.note},
            'proposed', ${goal.proposedBy}, ${goal.proposedByRep}, ${at}, ${at})`;
}

export interface GoalUpdate {
  status?: GoalStatus;
  targetValue?: number | null;
  targetTier?: string | null;
  dueDate?: string;
  note?: string | null;
  proposedBy?: GoalParty;
  proposedByRep?: string | null;
  acceptedAt?: Date;
  startDay?: number;
  endedAt?: Date;
  finalValue?: number | null;
}

/** Applies a change to a locked goal and bumps its revision. */
export async function updateGoal(tx: Queryable, tenantId: string, goalId: string, change: GoalUpdate, at: Date): Promise<void> {
  const has = (key: keyof GoalUpdate) => key in change;
  await tx`
    update goals set
      status = coalesce(${change.status ?? null}::text, status),
      target_value = case when ${has('targetValue')}::boolean then ${change.targetValue ?? null}::float8 else target_value end,
      target_tier = case when ${has('targetTier')}::boolean then ${change.targetTier ?? null}::text else target_tier end,
      due_date = coalesce(${change.dueDate ?? null}::date, due_date),
      note = case when ${has('note')}::boolean then ${change.note ?? null}::text else note end,
      proposed_by = coalesce(${change.proposedBy ?? null}::text, proposed_by),
      proposed_by_rep = case when ${has('proposedByRep')}::boolean then ${change.proposedByRep ?? null}::text else proposed_by_rep end,
      accepted_at = coalesce(${change.acceptedAt ?? null}::timestamptz, accepted_at),
      start_date = coalesce(date '1970-01-01' + ${change.startDay ?? null}::int, start_date),
      ended_at = coalesce(${change.endedAt ?? null}::timestamptz, ended_at),
      final_value = case when ${has('finalValue')}::boolean then ${change.finalValue ?? null}::float8 else final_value end,
      revision = revision + 1, updated_at = ${at}
    where tenant_id = ${tenantId} and id = ${goalId}`;
}

export interface NewGoalEvent {
  at: Date;
  actorRole: GoalParty | 'system';
  actorRep: string | null;
  action: GoalEventKind;
  terms?: GoalEventRow['terms'];
  note?: string | null;
  value?: number | null;
}

export async function addGoalEvent(tx: Queryable, tenantId: string, goalId: string, event: NewGoalEvent): Promise<void> {
  await tx`
    insert into goal_events (tenant_id, goal_id, seq, at, actor_role, actor_rep, action, terms, note, value)
    select ${tenantId}, ${goalId}, coalesce(max(seq), 0) + 1, ${event.at}, ${event.actorRole}, ${event.actorRep}, ${event.action},
           ${event.terms ? tx.json(event.terms as never) : null}, ${event.note ?? null}, ${event.value ?? null}
    from goal_events where tenant_id = ${tenantId} and goal_id = ${goalId}`;
}

/** Customers with goals still open (proposed or accepted) whose due date is before `today` (a day number). */
export async function customersWithGoalsDue(sql: Queryable, tenantId: string, today: number, customerIds?: string[]): Promise<string[]> {
  const rows = await sql<{ customerId: string }[]>`
    select distinct customer_id as "customerId" from goals
    where tenant_id = ${tenantId} and status in ('proposed', 'accepted') and due_date < date '1970-01-01' + ${today}::int
      ${customerIds ? sql`and customer_id = any(${customerIds}::text[])` : sql``}`;
  return rows.map((row) => row.customerId);
}

/** The last instant of a day of the tenant calendar. */
export async function endOfDay(sql: Queryable, day: number, timeZone: string): Promise<Date> {
  const [row] = await sql<{ at: Date }[]>`
    select ((date '1970-01-01' + ${day + 1}::int)::timestamp at time zone ${timeZone}) - interval '1 millisecond' as at`;
  if (!row) throw new Error('endOfDay returned no row');
  return row.at;
}

/** The customer's goals still open whose due date is before `today`, locked until the transaction ends. */
export async function lockGoalsDue(tx: Queryable, tenantId: string, customerId: string, today: number): Promise<GoalRow[]> {
  return tx<GoalRow[]>`
    select ${goalColumns(tx)} from goals
    where tenant_id = ${tenantId} and customer_id = ${customerId} and status in ('proposed', 'accepted')
      and due_date < date '1970-01-01' + ${today}::int
    order by id
    for update`;
}

/** The customer's stored predicted value (GET /v1/me prediction), or null before they are scored. */
export async function storedPredictedValue(sql: Queryable, tenantId: string, customerId: string): Promise<number | null> {
  const [row] = await sql<{ value: number }[]>`
    select predicted_value::float8 as value from customer_scores where tenant_id = ${tenantId} and customer_id = ${customerId}`;
  return row?.value ?? null;
}
