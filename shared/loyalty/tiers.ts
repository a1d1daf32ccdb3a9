/**
 * Tier qualification and retention, replayed over the customer's own history.
 *
 * The rules, day by day in the tenant's calendar (a day's value is the qualifying value at its end):
 * - Reaching: a value at or above a tier's `atLeast` reaches that tier at once (the highest one reached).
 * - Keeping: a tier is kept while the value stays at or above its `keepAtLeast`. The first day below it
 *   starts the grace period; the tier is kept to the end of the month `graceMonths` months after the
 *   month of that day (`endOfMonth`) and lost on the day after, unless the value is back at
 *   `keepAtLeast` by then (that day included).
 * - Losing: the customer lands on the highest lower tier whose `keepAtLeast` the value meets, as of the
 *   day of the loss; that tier starts on that day.
 * Refunded orders are not contributions at all, so a refund takes back whatever its order reached.
 *
 * Since the replay only knows contributions up to today, running it past today answers "with no new
 * orders": the day the value falls below what keeps the tier and the day the tier ends.
 */
import type { Tier } from '../schemas/program.ts';
import { endOfMonth } from './calendar.ts';
import { valueChanges, type Contribution } from './window.ts';

export interface TierRule {
  rank: number;
  atLeast: number;
  keepAtLeast: number;
  graceMonths: number;
}

export type TierEventKind = 'reached' | 'fell-below' | 'recovered' | 'lost';

export interface TierEvent {
  day: number;
  kind: TierEventKind;
  /** The rank held after the event. */
  rank: number;
  /** The qualifying value that day. */
  value: number;
}

export function tierRules(tiers: readonly Tier[]): TierRule[] {
  return tiers.map((tier, rank) => ({
    rank,
    atLeast: tier.atLeast,
    keepAtLeast: tier.retention.keepAtLeast ?? tier.atLeast,
    graceMonths: tier.retention.graceMonths,
  }));
}

/** The last day of the grace that starts with a fall below keepAtLeast on `fellBelowOn`. */
export function graceEnds(fellBelowOn: number, graceMonths: number): number {
  return endOfMonth(fellBelowOn, graceMonths);
}

/** The highest rank whose `atLeast` the value meets. */
export function qualifiedRank(rules: readonly TierRule[], value: number): number {
  let rank = 0;
  for (const rule of rules) if (value >= rule.atLeast) rank = rule.rank;
  return rank;
}

function ruleOf(rules: readonly TierRule[], rank: number): TierRule {
  const found = rules[rank];
  if (!found) throw new RangeError(`no tier of rank ${rank}`);
  return found;
}

/** Where a customer lands when the grace of the tier `held` runs out with `value`: the highest lower tier kept. */
function landingRank(rules: readonly TierRule[], held: number, value: number): number {
  for (let rank = held - 1; rank > 0; rank -= 1) if (value >= ruleOf(rules, rank).keepAtLeast) return rank;
  return 0;
}

/**
 * Every tier event of the customer, from the first contribution until nothing more can change with no
 * new contributions. `contributions` must all be on or before today. Run for every customer of a tenant after
 * each scoring run: no closure held in a named variable (the server's TypeScript loader names each one as it is
 * created, per call).
 */
export function tierTimeline(rules: readonly TierRule[], contributions: readonly Contribution[], windowMonths: number | null): TierEvent[] {
  const events: TierEvent[] = [];
  let held = 0;
  let value = 0;
  let fellBelowOn: number | null = null;
  const changes = valueChanges(contributions, windowMonths);
  // One pass more than there are changes: a grace still running after the last change runs out too.
  for (let i = 0; i <= changes.length; i += 1) {
    const change = changes[i];
    const day = change?.day ?? Number.POSITIVE_INFINITY;
    if (fellBelowOn !== null) {
      // The first day without the held tier, once the grace has run out by this change.
      const lossDay = graceEnds(fellBelowOn, ruleOf(rules, held).graceMonths) + 1;
      if (lossDay <= day) {
        // The value has not changed since the last change day, so it is the value on the day of the loss.
        held = landingRank(rules, held, value);
        fellBelowOn = null;
        events.push({ day: lossDay, kind: 'lost', rank: held, value });
      }
    }
    if (!change) break;
    value += change.delta;
    const reached = qualifiedRank(rules, value);
    if (reached > held) {
      held = reached;
      fellBelowOn = null;
      events.push({ day, kind: 'reached', rank: held, value });
    } else if (value >= ruleOf(rules, held).keepAtLeast) {
      if (fellBelowOn !== null) events.push({ day, kind: 'recovered', rank: held, value });
      fellBelowOn = null;
    } else if (fellBelowOn === null) {
      fellBelowOn = day;
      events.push({ day, kind: 'fell-below', rank: held, value });
    }
  }
  return events;
}

export interface TierOnDay {
  rank: number;
  /** The day the rank was reached or landed on; null for the first tier never left. */
  since: number | null;
  /** In grace since this day, or null. */
  fellBelowOn: number | null;
}

/** The tier held on `day` according to a timeline. */
export function tierOn(events: readonly TierEvent[], day: number): TierOnDay {
  const state: TierOnDay = { rank: 0, since: null, fellBelowOn: null };
  for (const event of events) {
    if (event.day > day) break;
    if (event.kind === 'reached' || event.kind === 'lost') {
      state.rank = event.rank;
      state.since = event.day;
      state.fellBelowOn = null;
    } else if (event.kind === 'fell-below') {
      state.fellBelowOn = event.day;
    } else {
      state.fellBelowOn = null;
    }
  }
  return state;
}

export interface TierEnd {
  /** With no new contributions: the first day below keepAtLeast (in the past when in grace). */
  fallsBelowOn: number;
  /** The first day without the tier. */
  expiresOn: number;
  /** The rank held from expiresOn. */
  rankAfter: number;
}

/** When the tier held on `day` ends with no new contributions, or null when it never does. */
export function tierEndAfter(events: readonly TierEvent[], day: number): TierEnd | null {
  let fallsBelowOn: number | null = tierOn(events, day).fellBelowOn;
  for (const event of events) {
    if (event.day <= day) continue;
    if (event.kind === 'fell-below') fallsBelowOn = event.day;
    if (event.kind === 'lost') return { fallsBelowOn: fallsBelowOn ?? event.day, expiresOn: event.day, rankAfter: event.rank };
  }
  return null;
}
