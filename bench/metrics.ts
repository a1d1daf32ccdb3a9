/**
 * `GET /v1/metrics` for a year by month on a generated tenant of 100,000 customers and about 2,000,000
 * orders, with a subscription history, NPS answers and acquisition spend generated from the same seed.
 * Target (issue 8): under 500 ms. The request goes through the whole app in-process (auth, validation,
 * SQL, assembly, serialisation); the database is PostgreSQL when one answers.
 */
import { parseArgs } from 'node:util';
import { generateCustomerHistories } from '../demo/generate.ts';
import { buildApp } from '../server/app.ts';
import { upsertAcquisitionSpend } from '../server/db/acquisition-spend-repository.ts';
import { upsertNpsResponses } from '../server/db/nps-repository.ts';
import { upsertSubscriptions } from '../server/db/subscription-repository.ts';
import type { Queryable } from '../server/db/connect.ts';
import { mulberry32, pick, randomInt } from '../shared/random.ts';
import type { AcquisitionSpendInput } from '../shared/schemas/acquisition-spend.ts';
import { MAX_BATCH_ITEMS, type BatchResult } from '../shared/schemas/common.ts';
import type { NpsResponseInput } from '../shared/schemas/nps.ts';
import type { SubscriptionInput } from '../shared/schemas/subscriptions.ts';
import { openBenchDatabase } from './support/database.ts';
import { BENCH_PURCHASE_PARAMS, loadGeneratedTenant } from './support/load-tenant.ts';
import { median } from './support/statistics.ts';
import type { BenchOptions, BenchResult } from './support/types.ts';

const AS_OF = new Date('2026-06-30T00:00:00Z');
const SEED = 2024;
const TARGET_MS = 500;
const DAY_MS = 86_400_000;
const PLAN_MRR: Record<string, number> = { starter: 4900, growth: 9900, enterprise: 29900 };
const CHANNELS = ['search', 'social', 'events', 'partners'] as const;

interface Extras {
  subscriptions: SubscriptionInput[];
  answers: NpsResponseInput[];
  spend: AcquisitionSpendInput[];
}

/**
 * A subscription per customer from the first order at its plan's MRR, a plan change for some, and a
 * cancellation 30 days after the last order when that is in the past; an NPS answer from a third of the
 * customers; spend per channel and month. Replays the loaded tenant's histories (same seed).
 */
export function generateExtras(customers: number): Extras {
  const random = mulberry32(SEED + 1);
  const extras: Extras = { subscriptions: [], answers: [], spend: [] };
  for (const { customer, orders } of generateCustomerHistories({ customers, seed: SEED, asOf: AS_OF, purchase: BENCH_PURCHASE_PARAMS })) {
    const first = orders[0];
    const last = orders.at(-1);
    if (!first || !last) continue;
    const startedAt = Date.parse(first.occurredAt);
    const cancelledAt = Date.parse(last.occurredAt) + 30 * DAY_MS;
    const endedAt = cancelledAt < AS_OF.getTime() ? cancelledAt : null;
    const mrr = PLAN_MRR[customer.plan ?? 'starter'] ?? 4900;
    const base = { customerId: customer.externalId, plan: customer.plan ?? 'starter' };
    const changeAt = startedAt + random() * ((endedAt ?? AS_OF.getTime()) - startedAt);
    if (random() < 0.3 && changeAt - startedAt > DAY_MS) {
      extras.subscriptions.push({ ...base, externalId: `sub_${customer.externalId}_1`, mrr, startedAt: new Date(startedAt).toISOString(), endedAt: new Date(changeAt).toISOString() });
      const factor = random() < 0.6 ? 1.5 : 0.7;
      extras.subscriptions.push({ ...base, externalId: `sub_${customer.externalId}_2`, mrr: Math.round(mrr * factor), startedAt: new Date(changeAt).toISOString(), endedAt: endedAt === null ? null : new Date(endedAt).toISOString() });
    } else {
      extras.subscriptions.push({ ...base, externalId: `sub_${customer.externalId}_1`, mrr, startedAt: new Date(startedAt).toISOString(), endedAt: endedAt === null ? null : new Date(endedAt).toISOString() });
    }
    if (random() < 1 / 3) {
      const answeredAt = startedAt + random() * (AS_OF.getTime() - startedAt);
      extras.answers.push({ externalId: `nps_${customer.externalId}`, customerId: customer.externalId, score: randomInt(random, 0, 10), answeredAt: new Date(answeredAt).toISOString() });
    }
  }
  for (let monthsBack = 36; monthsBack >= 1; monthsBack -= 1) {
    const start = new Date(Date.UTC(AS_OF.getUTCFullYear(), AS_OF.getUTCMonth() - monthsBack + 1, 1));
    const end = new Date(Date.UTC(start.getUTCFullYear(), start.getUTCMonth() + 1, 0));
    for (const channel of CHANNELS) {
      extras.spend.push({
        externalId: `spend_${channel}_${start.toISOString().slice(0, 7)}`,
        channel,
        periodStart: start.toISOString().slice(0, 10),
        periodEnd: end.toISOString().slice(0, 10),
        amount: Math.round(customers * 2000 * (0.5 + random()) * (channel === pick(random, CHANNELS) ? 1.2 : 1)),
      });
    }
  }
  return extras;
}

async function inBatches<T>(sql: Queryable, items: T[], upsert: (sql: Queryable, items: T[]) => Promise<BatchResult>) {
  for (let start = 0; start < items.length; start += MAX_BATCH_ITEMS) await upsert(sql, items.slice(start, start + MAX_BATCH_ITEMS));
}

export async function run({ args, log }: BenchOptions): Promise<BenchResult> {
  const { values } = parseArgs({ args, options: { customers: { type: 'string', default: '100000' }, runs: { type: 'string', default: '5' } }, strict: true });
  const customers = Number(values.customers);
  const runs = Number(values.runs);
  const database = await openBenchDatabase(log);
  try {
    log(`metrics: loading ${customers} customers`);
    const tenant = await loadGeneratedTenant(database.sql, { customers, seed: SEED, asOf: AS_OF, log });
    const extras = generateExtras(customers);
    const { tenantId } = tenant;
    // Timed: each batch also rebuilds its customers' subscription rollups (triggers of migration 0014).
    const subscriptionsStarted = performance.now();
    await inBatches(database.sql, extras.subscriptions, (sql, items) => upsertSubscriptions(sql, tenantId, items));
    const subscriptionSeconds = (performance.now() - subscriptionsStarted) / 1000;
    await inBatches(database.sql, extras.answers, (sql, items) => upsertNpsResponses(sql, tenantId, items));
    await inBatches(database.sql, extras.spend, (sql, items) => upsertAcquisitionSpend(sql, tenantId, items));
    // As autovacuum keeps the tables (see load-tenant.ts), the rollups that the triggers filled included.
    await database.sql`vacuum analyze`;
    log(`  loaded ${extras.subscriptions.length} subscription records (${subscriptionSeconds.toFixed(1)} s in batches of ${MAX_BATCH_ITEMS}), ${extras.answers.length} NPS answers, ${extras.spend.length} spend records`);

    const app = await buildApp({ sql: database.appSql, clock: () => AS_OF });
    await app.ready();
    try {
      const queries = [
        { label: 'a year by month', url: '/v1/metrics?from=2025-07-01&to=2026-06-30&interval=month' },
        { label: 'a year by quarter, CLV by industry', url: '/v1/metrics?from=2025-07-01&to=2026-06-30&interval=quarter&segment=industry' },
      ];
      const rows: BenchResult['rows'] = [];
      for (const { label, url } of queries) {
        const times: number[] = [];
        for (let i = 0; i <= runs; i += 1) {
          const started = performance.now();
          const response = await app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${tenant.apiKey}` } });
          const ms = performance.now() - started;
          if (response.statusCode !== 200) throw new Error(`${url}: ${response.statusCode} ${response.body.slice(0, 500)}`);
          if (i > 0) times.push(ms); // the first run warms up the connection, the JIT and the caches
        }
        rows.push({ request: label, 'median ms': Math.round(median(times)), 'min ms': Math.round(Math.min(...times)), 'max ms': Math.round(Math.max(...times)), runs });
      }
      const byMonth = Number(rows[0]?.['median ms']);
      log(`metrics: ${customers} customers, ${tenant.orders} orders: GET /v1/metrics for a year by month, median ${byMonth} ms over ${runs} runs (target < ${TARGET_MS} ms: ${byMonth < TARGET_MS ? 'met' : 'NOT met'})`);
      return {
        name: 'metrics',
        rows,
        notes: [
          `tenant: ${tenant.customers} customers, ${tenant.orders} orders, ${extras.subscriptions.length} subscription records, ${extras.answers.length} NPS answers; in-process app.inject, first run discarded`,
          `subscription records upserted in batches of ${MAX_BATCH_ITEMS}, rollup triggers included: ${subscriptionSeconds.toFixed(1)} s`,
          `database: ${database.description}`,
          `target: a year by month under ${TARGET_MS} ms: ${byMonth < TARGET_MS ? 'met' : 'NOT met'} (median ${byMonth} ms)`,
        ],
      };
    } finally {
      await app.close();
    }
  } finally {
    await database.close();
  }
}
