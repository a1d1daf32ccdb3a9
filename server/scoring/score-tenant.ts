/**
 * A full scoring run of one tenant: read every customer's purchase days, fit BG/NBD and gamma-gamma
 * (on a sample when the tenant is larger than a stable fit needs) and, when the tenant has subscriptions,
 * the shifted-beta-geometric model; score every customer, write the scores. A run succeeds when at least
 * one of the two kinds of model could be fitted.
 * Each stage is timed; the run and its fitted parameters are recorded in model_runs.
 */
import type { Sql } from 'postgres';
import { calendarDayNumber } from '../../shared/clv/rfm.ts';
import { fitBgNbd, type BgNbdFit } from '../../shared/clv/bg-nbd.ts';
import { fitGammaGamma, type GammaGammaFit } from '../../shared/clv/gamma-gamma.ts';
import { mulberry32 } from '../../shared/random.ts';
import { findTenant } from '../db/tenant-repository.ts';
import { deleteDeadViews, raiseTenantViewVersion } from '../db/stored-view-repository.ts';
import { withTenant } from '../db/tenant-scope.ts';
import { finishRun, startRun, writeScores, type PurchaseDays } from '../db/score-repository.ts';
import { purchaseDaysOf, readOrderHistories, type OrderHistory } from '../db/order-history-repository.ts';
import { currentProgram, lockStandings, scoreForRules } from '../db/loyalty-repository.ts';
import { settleRun } from '../db/scoring-backlog-repository.ts';
import { scoreRow, toRfmRows, type ScoringSettings } from './score-rows.ts';
import { evaluateLoyalty, type LoyaltyScores } from './loyalty.ts';
import { rescoreCustomers } from './rescore-customers.ts';
import { refreshSuggestionsAndGoals } from './growth.ts';
import { fitAndScoreSubscriptions, writeSubscriberScores } from './subscriptions.ts';
import type { SbgFit } from '../../shared/clv/sbg.ts';

/** Beyond this many customers the parameter estimates no longer move; fit on a random sample of this size. */
export const DEFAULT_FIT_SAMPLE = 20_000;
const MIN_CUSTOMERS_TO_FIT = 30;
const MIN_REPEAT_CUSTOMERS_TO_FIT = 10;
const WRITE_CHUNK = 5_000;

export class ScoringError extends Error {}

export interface ScoreTenantOptions {
  /** The time the run scores at; `clock()` when omitted. */
  asOf?: Date;
  /** The time of the re-evaluations after the run (of the customers re-evaluated while it ran); the system's when omitted. */
  clock?: () => Date;
  fitSample?: number;
  seed?: number;
  log?: (line: string) => void;
}

export interface ScoreTenantResult {
  runId: number;
  customers: number;
  fittedOn: number;
  /** Null when the tenant's orders could not support the order models (then subscriptions did). */
  purchase: BgNbdFit | null;
  spend: GammaGammaFit | null;
  subscription: (SbgFit & { subscribers: number }) | null;
  stageMs: { read: number; fit: number; score: number; write: number };
}

function sample<T>(rows: T[], size: number, seed: number): T[] {
  if (rows.length <= size) return rows;
  // A partial Fisher-Yates shuffle: the first `size` places become a uniform sample without replacement.
  const random = mulberry32(seed);
  const copy = rows.slice();
  for (let i = 0; i < size; i += 1) {
    const j = i + Math.floor(random() * (copy.length - i));
    [copy[i], copy[j]] = [copy[j] as T, copy[i] as T];
  }
  return copy.slice(0, size);
}

export async function scoreTenant(sql: Sql, tenantId: string, options: ScoreTenantOptions = {}): Promise<ScoreTenantResult> {
  const clock = options.clock ?? (() => new Date());
  const asOf = options.asOf ?? clock();
  // The orders are read once, for the models and for loyalty; with their SKUs when a milestone counts products.
  const program = await withTenant(sql, tenantId, async (tx) => {
    const tenant = await findTenant(tx, tenantId);
    return tenant && currentProgram(tx, tenantId, tenant.currency.trim());
  });
  const productDays = program?.program.milestones.some((milestone) => milestone.kind === 'products') ?? false;
  const histories = { byCustomer: new Map<string, OrderHistory>(), withProductDays: productDays };
  // Loyalty (issue 4) of every customer with the fresh scores: evaluated while the scores are written,
  // and written in a transaction of its own once they are, so that a failure here never marks good
  // scores as a failed run.
  let started = 0;
  let loyalty: Promise<number> | null = null;
  const onScored = (scores: LoyaltyScores, written: Promise<void>) => {
    started = performance.now();
    loyalty = withTenant(sql, tenantId, (tx) => evaluateLoyalty(tx, tenantId, asOf, undefined, { histories, scores: { byCustomer: scores, writeAfter: written } }));
    loyalty.catch(() => {}); // awaited below, unless the run fails (then the error is the run's)
  };
  const result = await fitAndScore(sql, tenantId, { ...options, asOf, clock, productDays, histories: histories.byCustomer, onScored });
  if (!loyalty) started = performance.now();
  let customers: number;
  try {
    customers = await (loyalty ?? withTenant(sql, tenantId, (tx) => evaluateLoyalty(tx, tenantId, asOf, undefined, { histories })));
  } catch (error) {
    await settle(sql, tenantId, result.runId, clock, options.log).catch((cause) => options.log?.(`settling the run failed: ${String(cause)}`)); // the loyalty error is the run's
    throw error;
  }
  options.log?.(`loyalty: ${customers} customers (${Math.round(performance.now() - started)} ms since the scores were computed)`);
  await settle(sql, tenantId, result.runId, clock, options.log);
  // Suggestions and goals (issue 5): the co-adoption model, and goals that came due.
  await withTenant(sql, tenantId, (tx) => refreshSuggestionsAndGoals(tx, tenantId, asOf, options.log));
  // The run raised the tenant's version: every answer stored before it is dead weight now.
  const deletedViews = await withTenant(sql, tenantId, (tx) => deleteDeadViews(tx, tenantId, asOf));
  options.log?.(`stored /v1/me answers: ${deletedViews} no longer current deleted`);
  return result;
}

/**
 * Ends the run's writes of customers' figures, and evaluates again the customers re-evaluated meanwhile
 * (new orders, redemptions, overrides): the run read their data before those changes and wrote after them.
 */
async function settle(sql: Sql, tenantId: string, runId: number, clock: () => Date, log?: (line: string) => void): Promise<void> {
  const noted = await withTenant(sql, tenantId, async (tx) => {
    await lockStandings(tx, tenantId);
    return settleRun(tx, tenantId, runId);
  });
  if (noted.length === 0) return;
  await rescoreCustomers(sql, tenantId, noted, clock());
  log?.(`re-evaluated: ${noted.length} customers whose data changed during the run`);
}

interface FitAndScoreOptions extends ScoreTenantOptions {
  clock: () => Date;
  /** Read the orders' SKUs too, for loyalty's products milestones. */
  productDays?: boolean;
  /** Filled with every customer's order history (without order ids) for loyalty. */
  histories?: Map<string, OrderHistory>;
  /** Called with the fresh scores of the order models, as loyalty takes them, once they are being written. */
  onScored?: (scores: LoyaltyScores, written: Promise<void>) => void;
}

async function fitAndScore(sql: Sql, tenantId: string, options: FitAndScoreOptions): Promise<ScoreTenantResult> {
  const asOf = options.asOf ?? new Date();
  const log = options.log ?? (() => {});
  // Each stage is a transaction of its own (of this tenant), so that a failed run is still recorded as one.
  const tenant = await withTenant(sql, tenantId, (tx) => findTenant(tx, tenantId));
  if (!tenant) throw new ScoringError(`no tenant "${tenantId}"`);
  const settings: ScoringSettings = { horizonMonths: tenant.horizonMonths, annualDiscountRate: tenant.annualDiscountRate };
  const runId = await withTenant(sql, tenantId, (tx) => startRun(tx, tenantId, asOf));
  const stageMs = { read: 0, fit: 0, score: 0, write: 0 };
  let clock = performance.now();
  const lap = (stage: keyof typeof stageMs) => {
    const now = performance.now();
    stageMs[stage] = Math.round(now - clock);
    clock = now;
  };

  try {
    const purchaseDays: PurchaseDays[] = [];
    await withTenant(sql, tenantId, (tx) =>
      readOrderHistories(tx, tenantId, { asOf, timeZone: tenant.timeZone, customers: 'all', productDays: options.productDays ?? false, keepIds: false }, (history) => {
        purchaseDays.push({ customerId: history.customerId, ...purchaseDaysOf(history) });
        options.histories?.set(history.customerId, history);
      }),
    );
    const rows = toRfmRows(purchaseDays, asOf, tenant.timeZone);
    lap('read');
    log(`read: ${rows.length} customers with orders (${stageMs.read} ms)`);

    // Orders: BG/NBD + gamma-gamma, when there are enough customers to fit them.
    const fitRows = sample(rows, options.fitSample ?? DEFAULT_FIT_SAMPLE, options.seed ?? 1);
    const repeaters = fitRows.filter((row) => row.frequency > 0);
    let orderModels: { purchase: BgNbdFit; spend: GammaGammaFit } | null = null;
    let orderReason: string | null = null;
    if (rows.length < MIN_CUSTOMERS_TO_FIT) {
      orderReason = `the order models need at least ${MIN_CUSTOMERS_TO_FIT} customers with orders; this tenant has ${rows.length}`;
    } else if (repeaters.length < MIN_REPEAT_CUSTOMERS_TO_FIT) {
      orderReason = `the spend model needs at least ${MIN_REPEAT_CUSTOMERS_TO_FIT} customers with repeat purchases; this tenant has ${repeaters.length}`;
    } else {
      const purchase = fitBgNbd(fitRows);
      const spend = fitGammaGamma(repeaters);
      if (spend.q > 1) orderModels = { purchase, spend };
      else orderReason = `the fitted spend model has no finite mean (q = ${spend.q}); predictions would be meaningless`;
    }
    // Subscriptions: shifted-beta-geometric, when the tenant has subscribers.
    const subscriptions = await withTenant(sql, tenantId, (tx) => fitAndScoreSubscriptions(tx, tenantId, asOf, settings));
    lap('fit');
    if (!orderModels && !subscriptions.model) {
      throw new ScoringError([orderReason, subscriptions.reason === 'no subscriptions' ? null : subscriptions.reason].filter(Boolean).join('; '));
    }
    if (orderModels) {
      const { purchase, spend } = orderModels;
      log(`fit: BG/NBD on ${fitRows.length} customers r=${purchase.r.toFixed(4)} alpha=${purchase.alpha.toFixed(4)} a=${purchase.a.toFixed(4)} b=${purchase.b.toFixed(4)} LL=${purchase.logLikelihood.toFixed(1)}${purchase.converged ? '' : ' (not converged)'}`);
      log(`fit: gamma-gamma on ${repeaters.length} repeat customers p=${spend.p.toFixed(4)} q=${spend.q.toFixed(4)} gamma=${spend.gamma.toFixed(4)}${spend.converged ? '' : ' (not converged)'}`);
    } else {
      log(`fit: no order models: ${orderReason}`);
    }
    if (subscriptions.model) {
      log(`fit: sBG on ${subscriptions.scores.length} subscribers alpha=${subscriptions.model.alpha.toFixed(4)} beta=${subscriptions.model.beta.toFixed(4)} LL=${subscriptions.model.logLikelihood.toFixed(1)}`);
    } else if (subscriptions.reason !== 'no subscriptions') {
      log(`fit: no subscription model: ${subscriptions.reason}`);
    }
    log(`fit: ${stageMs.fit} ms`);

    const params = orderModels && {
      purchase: { r: orderModels.purchase.r, alpha: orderModels.purchase.alpha, a: orderModels.purchase.a, b: orderModels.purchase.b },
      spend: { p: orderModels.spend.p, q: orderModels.spend.q, gamma: orderModels.spend.gamma },
    };
    const scores = params ? rows.map((row) => scoreRow(row, params, settings)) : [];
    lap('score');
    log(`score: ${scores.length} customers, ${subscriptions.scores.length} subscribers (${stageMs.score} ms)`);

    const written = withTenant(sql, tenantId, async (tx) => {
      await raiseTenantViewVersion(tx, tenantId);
      // Sent one after the other without waiting: the database writes a chunk while the next is serialized.
      const writes: Array<Promise<void>> = [];
      for (let start = 0; start < scores.length; start += WRITE_CHUNK) {
        writes.push(writeScores(tx, tenantId, runId, asOf, scores.slice(start, start + WRITE_CHUNK)));
      }
      for (let start = 0; start < subscriptions.scores.length; start += WRITE_CHUNK) {
        writes.push(writeSubscriberScores(tx, tenantId, runId, asOf, subscriptions.scores.slice(start, start + WRITE_CHUNK)));
      }
      await Promise.all(writes);
    });
    if (options.onScored && params) {
      const scoredOn = calendarDayNumber(asOf, tenant.timeZone);
      const byCustomer = new Map(scores.map((score) => [score.customerId, scoreForRules(score, params.purchase, scoredOn, asOf)]));
      options.onScored(byCustomer, written);
    }
    await written;
    lap('write');
    log(`write: ${scores.length + subscriptions.scores.length} scores (${stageMs.write} ms)`);
    await withTenant(sql, tenantId, (tx) => finishRun(tx, tenantId, runId, {
      status: 'succeeded',
      purchaseModel: orderModels ? { name: 'bg-nbd', ...orderModels.purchase } : undefined,
      spendModel: orderModels ? { name: 'gamma-gamma', ...orderModels.spend } : undefined,
      subscriptionModel: subscriptions.model ? { name: 'sbg', subscribers: subscriptions.scores.length, ...subscriptions.model } : undefined,
      customers: rows.length,
      fittedOn: orderModels ? fitRows.length : 0,
      stageMs,
    }));
    return {
      runId,
      customers: rows.length,
      fittedOn: orderModels ? fitRows.length : 0,
      purchase: orderModels?.purchase ?? null,
      spend: orderModels?.spend ?? null,
      subscription: subscriptions.model ? { ...subscriptions.model, subscribers: subscriptions.scores.length } : null,
      stageMs,
    };
  } catch (error) {
    const failure = { status: 'failed' as const, stageMs, error: error instanceof Error ? error.message : String(error) };
    await withTenant(sql, tenantId, (tx) => finishRun(tx, tenantId, runId, failure));
    // Its scores may have been written before it failed. The run's own error is the one to report.
    await settle(sql, tenantId, runId, options.clock, options.log).catch((cause) => log(`settling the run failed: ${String(cause)}`));
    throw error;
  }
}
