/**
 * Issue 5 after a scoring run: learn the co-adoption model suggestions are ranked with, and end the goals
 * whose due date has passed (reads do that too, customer by customer).
 */
import type { Queryable } from '../db/connect.ts';
import { settleGoals } from './goals.ts';
import { learnSuggestionModel } from './suggestions.ts';

export async function refreshSuggestionsAndGoals(sql: Queryable, tenantId: string, asOf: Date, log?: (line: string) => void): Promise<void> {
  const started = performance.now();
  const learned = await learnSuggestionModel(sql, tenantId, asOf);
  const ended = await settleGoals(sql, tenantId, asOf);
  const model = learned ? `co-adoption of ${learned.customers} customers (${learned.rows} counts)` : 'no catalogue';
  log?.(`suggestions: ${model}; goals ended: ${ended} (${Math.round(performance.now() - started)} ms)`);
}
