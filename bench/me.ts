/**
 * `GET /v1/me` under load: throughput and p50/p99 latency at 50 connections on a tenant of 100,000
 * customers and about 2,000,000 orders (scored, as in production), against `GET /healthz` of the same
 * server in the same run (the framework's ceiling); and the server's resident memory idle and under load.
 * Targets (issue 8): >= 40% of the baseline's requests/s, p99 < 25 ms, RSS under load < 2x idle.
 *
 * The two routes are measured in alternating rounds (baseline then /v1/me, then the other way round), and the
 * share is the median of the rounds' shares: on a 2-core machine the baseline alone moved between 11,000 and
 * 21,000 req/s from one run to the next, so one pair of runs did not settle the share.
 */
import { parseArgs } from 'node:util';
import { signEmbedToken } from '../server/embed-token.ts';
import { scoreTenant } from '../server/scoring/score-tenant.ts';
import { startServerProcess } from '../server/test-support/server-process.ts';
import { mulberry32 } from '../shared/random.ts';
import { openBenchDatabase } from './support/database.ts';
import { cpuSeconds, load, peakRssWhile, rssMiB, type LoadResult } from './support/http-load.ts';
import { loadGeneratedTenant } from './support/load-tenant.ts';
import { median } from './support/statistics.ts';
import type { BenchOptions, BenchResult } from './support/types.ts';

const AS_OF = new Date('2026-06-30T00:00:00Z');
const TOKENS = 2_000;
// Customers seen for the first time today, measured apart: their loyalty standing is evaluated and stored on
// that first read, which the steady state (every later visit that day) does not pay.
const FIRST_VISITS = 2_000;
// What Chromium sends with the widget's fetch: the answers go out gzipped, as they do to customers' browsers.
const BROWSER_ACCEPT_ENCODING = 'gzip, deflate, br, zstd';
// The vendor's page the widget is embedded in: a browser's visit is cross-origin, and checked against the tenant's origins.
const VENDOR_PAGE_ORIGIN = 'https://shop.bench.test';

export async function run({ args, log }: BenchOptions): Promise<BenchResult> {
  const { values } = parseArgs({ args, options: { customers: { type: 'string', default: '100000' }, seconds: { type: 'string', default: '5' }, rounds: { type: 'string', default: '3' } }, strict: true });
  const customers = Number(values.customers);
  const seconds = Number(values.seconds);
  const rounds = Number(values.rounds);
  // Odd, so that the median share is one round's own, not one of two middle ones.
  if (!Number.isInteger(rounds) || rounds < 1 || rounds % 2 === 0) throw new Error(`--rounds takes an odd whole number (1, 3, 5...), not ${values.rounds}`);
  const database = await openBenchDatabase(log);
  if (!database.url) throw new Error('the /v1/me benchmark needs a PostgreSQL server (DATABASE_URL or 127.0.0.1:5432)');
  try {
    log(`me: loading ${customers} customers`);
    const tenant = await loadGeneratedTenant(database.sql, { customers, seed: 2024, asOf: AS_OF, log, origins: [VENDOR_PAGE_ORIGIN] });
    await scoreTenant(database.sql, tenant.tenantId, { asOf: AS_OF });
    // As autovacuum keeps the tables (see load-tenant.ts), and so that its own pass over the scoring's rows does
    // not run during the measured rounds.
    await database.sql`vacuum analyze`;
    // Customer tokens for a random spread of customers, rotated across requests.
    // Distinct customers in a random order: the first TOKENS for the steady state, the rest for first visits.
    const random = mulberry32(5);
    const order = Array.from({ length: customers }, (_, i) => i + 1);
    for (let i = 0; i < TOKENS + FIRST_VISITS; i += 1) {
      const j = i + Math.floor(random() * (order.length - i));
      [order[i], order[j]] = [order[j] ?? 0, order[i] ?? 0];
    }
    const tokenFor = (n: number) =>
      signEmbedToken({ tenantId: tenant.tenantId, keyId: tenant.embedKeyId, secret: tenant.embedSecret, customerId: `cus_${String(n).padStart(5, '0')}`, role: 'customer', ttlSeconds: 3600 }).token;
    const tokens = order.slice(0, TOKENS).map(tokenFor);
    const firstVisitTokens = order.slice(TOKENS, TOKENS + FIRST_VISITS).map(tokenFor);
    const browserHeaders = (token: string) => ({ authorization: `Bearer ${token}`, 'accept-encoding': BROWSER_ACCEPT_ENCODING, origin: VENDOR_PAGE_ORIGIN });
    // Each token exactly as often as the others, for the visits that must reach every customer a set number of times.
    const rotate = (list: string[]) => {
      let next = 0;
      return () => browserHeaders(list[next++ % list.length] ?? '');
    };
    // For the timed rounds: requests built once (http-load.ts), each connection going through the tokens in turn.
    const steadyRequests = tokens.map((token) => ({ headers: browserHeaders(token) }));

    // The same server twice: as deployed (answers kept in memory, plugins/stored-view-cache.ts), then with the
    // cache off (every visit one statement), each against its own /healthz.
    const runs = [];
    for (const [label, env] of [
      ['answers kept in memory', {}],
      ['cache off (OPENBOOK_ANSWER_CACHE_ENTRIES=0)', { OPENBOOK_ANSWER_CACHE_ENTRIES: '0' }],
    ] as const) {
      const server = await startServerProcess({ DATABASE_URL: database.url, ...env });
      try {
        const pid = server.child.pid ?? 0;
        // Warm up both paths (JIT, prepared statements, connection pool) and visit every steady-state customer
        // twice (the first visit of the day stores the answer, the next keeps it in memory), then measure idle memory.
        await load(`${server.base}/healthz`, { connections: 10, seconds: 2 });
        await load(`${server.base}/v1/me`, { connections: 10, amount: 2 * TOKENS, headers: rotate(tokens) });
        await new Promise((resolve) => setTimeout(resolve, 1000));
        const idleRss = await rssMiB(pid);
        const pairs: Array<{ baseline: TimedLoad; me: TimedLoad }> = [];
        let peakRss = 0;
        // With the CPU time of the server and of the load generator (this process) over the load: which side was
        // the limit, and what a request costs each.
        const timed = async (run: () => Promise<LoadResult>): Promise<TimedLoad> => {
          const before = await cpuSeconds(pid);
          const generatorBefore = process.cpuUsage();
          const result = await run();
          const generatorUsage = process.cpuUsage(generatorBefore);
          const used = (await cpuSeconds(pid)) - before;
          const generatorUsed = (generatorUsage.user + generatorUsage.system) / 1e6;
          const answered = Math.max(1, result.requests);
          return {
            ...result,
            serverUsPerRequest: (1e6 * used) / answered,
            serverBusy: used / seconds,
            generatorUsPerRequest: (1e6 * generatorUsed) / answered,
            generatorBusy: generatorUsed / seconds,
          };
        };
        const measureBaseline = () => timed(() => load(`${server.base}/healthz`, { seconds }));
        const measureMe = () =>
          timed(async () => {
            const meRun = load(`${server.base}/v1/me`, { seconds, requests: steadyRequests });
            peakRss = Math.max(peakRss, await peakRssWhile(pid, meRun));
            return meRun;
          });
        for (let round = 1; round <= rounds; round += 1) {
          // Every other round the other way round, so that a machine getting busier or quieter weighs on both.
          log(`me (${label}): round ${round} of ${rounds}, GET /healthz (baseline) and GET /v1/me, ${seconds} s each`);
          if (round % 2 === 1) {
            const baseline = await measureBaseline();
            pairs.push({ baseline, me: await measureMe() });
          } else {
            const me = await measureMe();
            pairs.push({ baseline: await measureBaseline(), me });
          }
        }
        // First visits once, on the server as deployed: the cache plays no part in them.
        let firstVisits = null;
        if (runs.length === 0) {
          log(`me (${label}): GET /v1/me, first visits of the day`);
          firstVisits = await load(`${server.base}/v1/me`, { amount: FIRST_VISITS, headers: rotate(firstVisitTokens) });
        }
        runs.push({ label, ...summarise(pairs), firstVisits, idleRss, peakRss });
      } finally {
        await server.stop();
      }
    }

    const rows = runs.flatMap(({ label, baseline, me, shares, firstVisits, idleRss, peakRss }) => [
      { route: `GET /healthz (baseline), ${label}`, 'req/s': baseline.requestsPerSecond, 'p50 ms': baseline.p50Ms, 'p99 ms': baseline.p99Ms, 'share of baseline': '100%', 'shares by round': '', ...cpuColumns(baseline), 'non-2xx': baseline.non2xx },
      { route: `GET /v1/me, ${label}`, 'req/s': me.requestsPerSecond, 'p50 ms': me.p50Ms, 'p99 ms': me.p99Ms, 'share of baseline': percent(median(shares)), 'shares by round': shares.map(percent).join(', '), ...cpuColumns(me), 'non-2xx': me.non2xx },
      ...(firstVisits
        ? [{ route: 'GET /v1/me, first visit of the day', 'req/s': firstVisits.requestsPerSecond, 'p50 ms': firstVisits.p50Ms, 'p99 ms': firstVisits.p99Ms, 'share of baseline': percent(firstVisits.requestsPerSecond / baseline.requestsPerSecond), 'shares by round': '', 'non-2xx': firstVisits.non2xx }]
        : []),
      { route: `server RSS MiB idle / peak under /v1/me load, ${label}`, 'req/s': '', 'p50 ms': '', 'p99 ms': '', 'share of baseline': `${idleRss} / ${peakRss} (${(peakRss / idleRss).toFixed(2)}x)`, 'shares by round': '', 'non-2xx': '' },
    ]);
    const [deployed] = runs;
    if (!deployed) throw new Error('no run');
    const ratio = median(deployed.shares);
    return {
      name: 'me',
      rows,
      notes: [
        `tenant: ${tenant.customers} customers, ${tenant.orders} orders, scored; ${TOKENS} customer tokens rotated, each visited twice before (the steady state of a day); 50 connections; ${rounds} rounds of ${seconds} s per route, the baseline first in odd rounds and last in even ones; /v1/me asked as a browser on the vendor's page asks: Accept-Encoding ${BROWSER_ACCEPT_ENCODING}, Origin ${VENDOR_PAGE_ORIGIN} (one of the tenant's)`,
        `req/s and p50: the medians of the rounds; p99: the highest round's; share of baseline: the median of the rounds' shares (/v1/me's req/s over the same round's /healthz); peak RSS: the highest over every /v1/me round`,
        `server and generator µs/req and busy: the CPU time (user and system) of the server process and of the load generator (this Node.js process, autocannon with the steady state's requests built once) over each round's load, per request answered and as a share of one core (medians of the rounds). Both run on the same 2 cores: the side near 100% busy was the limit`,
        `first visit of the day: ${FIRST_VISITS} other customers, one request each; their loyalty standing is evaluated and stored on that read`,
        `database: ${database.description}`,
        `targets, answers kept in memory (as deployed): >= 40% of baseline req/s: ${ratio >= 0.4 ? 'met' : 'NOT met'}; p99 < 25 ms: ${deployed.me.p99Ms < 25 ? 'met' : 'NOT met'}; RSS < 2x idle: ${deployed.peakRss < 2 * deployed.idleRss ? 'met' : 'NOT met'}`,
      ],
    };
  } finally {
    await database.close();
  }
}

/**
 * The rounds of one server as one row per route: the medians of req/s and p50, the highest p99 (the target is
 * a bound), and each round's share of its own baseline.
 */
function summarise(pairs: Array<{ baseline: TimedLoad; me: TimedLoad }>): { baseline: TimedLoad; me: TimedLoad; shares: number[] } {
  const combine = (results: TimedLoad[]): TimedLoad => ({
    requestsPerSecond: median(results.map((result) => result.requestsPerSecond)),
    p50Ms: median(results.map((result) => result.p50Ms)),
    p99Ms: Math.max(...results.map((result) => result.p99Ms)),
    non2xx: results.reduce((sum, result) => sum + result.non2xx, 0),
    errors: results.reduce((sum, result) => sum + result.errors, 0),
    requests: results.reduce((sum, result) => sum + result.requests, 0),
    serverUsPerRequest: median(results.map((result) => result.serverUsPerRequest)),
    serverBusy: median(results.map((result) => result.serverBusy)),
    generatorUsPerRequest: median(results.map((result) => result.generatorUsPerRequest)),
    generatorBusy: median(results.map((result) => result.generatorBusy)),
  });
  return {
    baseline: combine(pairs.map((pair) => pair.baseline)),
    me: combine(pairs.map((pair) => pair.me)),
    shares: pairs.map((pair) => pair.me.requestsPerSecond / pair.baseline.requestsPerSecond),
  };
}

/** A timed load with the CPU time of the server and of the load generator over it. */
interface TimedLoad extends LoadResult {
  serverUsPerRequest: number;
  /** CPU seconds per second: 1 is one core busy throughout. */
  serverBusy: number;
  generatorUsPerRequest: number;
  generatorBusy: number;
}

const cpuColumns = (load: TimedLoad) => ({
  'server µs/req': load.serverUsPerRequest.toFixed(1),
  'server busy': percent(load.serverBusy),
  'generator µs/req': load.generatorUsPerRequest.toFixed(1),
  'generator busy': percent(load.generatorBusy),
});

const percent = (fraction: number) => `${(100 * fraction).toFixed(0)}%`;
