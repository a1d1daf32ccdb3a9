/**
 * Who may do what to a goal. Two parties: the customer and the vendor (every rep speaks for the vendor).
 * A proposal, or a counter-proposal, waits for the other party, who accepts it, declines it, or counters
 * it with new terms (which then wait for the first party). An accepted goal runs to its due date and ends
 * as achieved or missed; a declined goal, or a proposal whose due date passed, has ended too. Nothing
 * changes an ended goal, and nothing but the calendar changes an accepted one.
 */
import { ENDED_GOAL_STATUSES, type GoalAction, type GoalParty, type GoalStatus } from '../schemas/goals.ts';

export interface GoalState {
  status: GoalStatus;
  proposedBy: GoalParty;
}

export interface Refusal {
  statusCode: 403 | 409;
  code: 'forbidden' | 'goal_ended' | 'goal_accepted';
  message: string;
}

export const otherParty = (party: GoalParty): GoalParty => (party === 'customer' ? 'rep' : 'customer');

export const isEnded = (status: GoalStatus) => ENDED_GOAL_STATUSES.includes(status);

/** The party who may act now, or null. */
export function awaiting(goal: GoalState): GoalParty | null {
  return goal.status === 'proposed' ? otherParty(goal.proposedBy) : null;
}

/** What `actor` may do to the goal now. */
export function allowedActions(goal: GoalState, actor: GoalParty): GoalAction[] {
  return awaiting(goal) === actor ? ['accept', 'decline', 'counter'] : [];
}

const partyName = (party: GoalParty) => (party === 'customer' ? 'the customer' : 'a rep');

/** Why `actor` may not `action` the goal, or null when they may. */
export function refusal(goal: GoalState, actor: GoalParty, action: GoalAction): Refusal | null {
  if (isEnded(goal.status)) return { statusCode: 409, code: 'goal_ended', message: `the goal has ended (${goal.status}); an ended goal cannot be changed` };
  if (goal.status === 'accepted') {
    return { statusCode: 409, code: 'goal_accepted', message: 'the goal was accepted; it runs to its due date and cannot be changed' };
  }
  if (goal.proposedBy === actor) {
    return {
      statusCode: 403,
      code: 'forbidden',
      message: `${partyName(actor)} made this proposal and cannot ${action} it; ${partyName(otherParty(actor))} accepts, declines or counters it`,
    };
  }
  return null;
}

/** The status after an allowed action. */
export function statusAfter(action: GoalAction): GoalStatus {
  return action === 'accept' ? 'accepted' : action === 'decline' ? 'declined' : 'proposed';
}
