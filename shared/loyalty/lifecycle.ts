/**
 * The lifecycle stage of a customer, from tenure, the trend of spend and P(alive), with the rule that
 * put them there. Rules apply in this order, the first that holds decides:
 * 1. no kept order yet: acquisition;
 * 2. lapsed: P(alive) below `lapsedBelowProbabilityAlive`, or (when there is no model, or the customer has
 *    no repeat purchase for it to go on: BG/NBD puts P(alive) at 1 until the first repeat) no order for
 *    `lapsedAfterDaysWithoutOrder` days;
 * 3. churn risk: the same with the churn-risk thresholds;
 * 4. won back: back within `wonBackForDays` after a gap of at least `lapsedAfterDaysWithoutOrder` days
 *    between two orders, so a lapsed customer who returns is "won back", never "new";
 * 5. acquisition: within `acquisitionDays` of the first kept order;
 * 6. by the trend of spend, last 12 months / the 12 months before: growth above `growthAbove` (or nothing
 *    to compare with yet), maintenance below `maintenanceBelow`, maturity in between.
 */
import type { Program } from '../schemas/program.ts';
import type { Lifecycle, LifecycleRule, LifecycleStage } from '../schemas/loyalty.ts';
import { isoDate } from './calendar.ts';

export interface LifecycleFacts {
  /** Distinct days with a kept order, on or before today, ascending. */
  purchaseDays: readonly number[];
  spendLast12Months: number;
  spendPrevious12Months: number;
  probabilityAlive: number | null;
  /** Repeat purchases the model saw (BG/NBD frequency), or null without a model. */
  repeatPurchases: number | null;
}

// At module level rather than a closure in lifecycleStage: it runs for every customer after each scoring run, and
// the server's TypeScript loader names each closure it creates, per call.
function stageOf(stage: LifecycleStage, rule: LifecycleRule, inputs: Lifecycle['inputs'], settings: Program['lifecycle']): Lifecycle {
  return { stage, rule, inputs, thresholds: { ...settings } };
}

/** The last return after a gap of at least `minimumGap` days: the day of the return and the gap. */
export function lastReturnAfterGap(purchaseDays: readonly number[], minimumGap: number): { day: number; gapDays: number } | null {
  for (let i = purchaseDays.length - 1; i > 0; i -= 1) {
    const day = purchaseDays[i] ?? 0;
    const gapDays = day - (purchaseDays[i - 1] ?? day);
    if (gapDays >= minimumGap) return { day, gapDays };
  }
  return null;
}

export function lifecycleStage(facts: LifecycleFacts, settings: Program['lifecycle'], asOfDay: number): Lifecycle {
  const first = facts.purchaseDays[0];
  const last = facts.purchaseDays.at(-1);
  const tenureDays = first === undefined ? null : asOfDay - first;
  const daysSinceLastOrder = last === undefined ? null : asOfDay - last;
  const returned = lastReturnAfterGap(facts.purchaseDays, settings.lapsedAfterDaysWithoutOrder);
  const { spendLast12Months, spendPrevious12Months } = facts;
  const trend = spendPrevious12Months > 0 ? Math.round((spendLast12Months / spendPrevious12Months) * 1000) / 1000 : null;
  const inputs: Lifecycle['inputs'] = {
    tenureDays,
    daysSinceLastOrder,
    probabilityAlive: facts.probabilityAlive,
    repeatPurchases: facts.repeatPurchases,
    spendLast12Months,
    spendPrevious12Months,
    trend,
    returnedAfterGap: returned ? { returnedOn: isoDate(returned.day), gapDays: returned.gapDays } : null,
  };

  if (tenureDays === null || daysSinceLastOrder === null) return stageOf('acquisition', 'no-orders-yet', inputs, settings);
  const pAlive = facts.repeatPurchases !== null && facts.repeatPurchases > 0 ? facts.probabilityAlive : null;
  if (pAlive !== null) {
    if (pAlive < settings.lapsedBelowProbabilityAlive) return stageOf('lapsed', 'lapsed-probability-alive', inputs, settings);
    if (pAlive < settings.churnRiskBelowProbabilityAlive) return stageOf('churn-risk', 'churn-risk-probability-alive', inputs, settings);
  } else {
    if (daysSinceLastOrder >= settings.lapsedAfterDaysWithoutOrder) return stageOf('lapsed', 'lapsed-days-without-order', inputs, settings);
    if (daysSinceLastOrder >= settings.churnRiskAfterDaysWithoutOrder) return stageOf('churn-risk', 'churn-risk-days-without-order', inputs, settings);
  }
  if (returned && asOfDay - returned.day < settings.wonBackForDays) return stageOf('won-back', 'won-back-after-gap', inputs, settings);
  if (tenureDays < settings.acquisitionDays) return stageOf('acquisition', 'acquisition-first-days', inputs, settings);
  if (trend === null) return stageOf('growth', 'growth-first-year', inputs, settings);
  if (trend > settings.growthAbove) return stageOf('growth', 'growth-spend-rising', inputs, settings);
  if (trend < settings.maintenanceBelow) return stageOf('maintenance', 'maintenance-spend-falling', inputs, settings);
  return stageOf('maturity', 'maturity-spend-steady', inputs, settings);
}
