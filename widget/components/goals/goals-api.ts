/**
 * The goals section's requests: `GET /v1/me/goals`, `POST /v1/me/goals` (propose), and `POST
 * /v1/me/goals/:goalId/accept|decline|counter`, through the element's session. The answers are checked for
 * the shape the section reads (the server validates them against shared/schemas/goals.ts; only its types are
 * imported here, so that zod stays out of the widget).
 */
import type { Goal, GoalAction, GoalCounter, GoalList, GoalProposal } from '../../../shared/schemas/goals.ts';
import { isRecord, unreadable } from '../growth/growth-parts.ts';
import type { GrowthHost } from '../growth/growth-section.ts';

const METRICS = ['spend12m', 'orders', 'productsAdopted', 'tierByDate', 'predictedValue'];
const STATUSES = ['proposed', 'accepted', 'declined', 'expired', 'achieved', 'missed'];

function looksLikeGoal(raw: unknown): raw is Goal {
  return (
    isRecord(raw) &&
    typeof raw.id === 'string' &&
    METRICS.includes(String(raw.metric)) &&
    STATUSES.includes(String(raw.status)) &&
    typeof raw.dueDate === 'string' &&
    (typeof raw.target === 'number' || typeof raw.target === 'string') &&
    Array.isArray(raw.actions) &&
    Array.isArray(raw.history)
  );
}

function looksLikeList(raw: unknown): raw is GoalList {
  return (
    isRecord(raw) &&
    typeof raw.today === 'string' &&
    typeof raw.currency === 'string' &&
    isRecord(raw.you) &&
    (raw.you.role === 'customer' || raw.you.role === 'rep') &&
    Array.isArray(raw.goals) &&
    raw.goals.every(looksLikeGoal) &&
    Array.isArray(raw.metrics) &&
    Array.isArray(raw.tiers)
  );
}

export async function fetchGoals(host: GrowthHost): Promise<GoalList> {
  const body = await host.request('/v1/me/goals');
  if (!looksLikeList(body)) throw unreadable('GET /v1/me/goals');
  return body;
}

export async function proposeGoal(host: GrowthHost, proposal: GoalProposal): Promise<Goal> {
  const body = await host.request('/v1/me/goals', { method: 'POST', body: proposal });
  if (!looksLikeGoal(body)) throw unreadable('POST /v1/me/goals');
  return body;
}

export async function actOnGoal(host: GrowthHost, goalId: string, action: GoalAction, body: GoalCounter | { note?: string }): Promise<Goal> {
  const path = `/v1/me/goals/${encodeURIComponent(goalId)}/${action}`;
  const answer = await host.request(path, { method: 'POST', body });
  if (!looksLikeGoal(answer)) throw unreadable(`POST ${path}`);
  return answer;
}
