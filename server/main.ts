/**
 * Starts the server: opens the database (DATABASE_URL or the embedded default), migrates, seeds the
 * demo when OPENBOOK_DEMO=1, listens, and shuts down gracefully on SIGINT/SIGTERM.
 */
import { buildApp } from './app.ts';
import { readConfig } from './config.ts';
import { openDatabase } from './db/connect.ts';
import { migrate } from './db/migrate.ts';
import { DEMO_TENANT_ID, demoIsSeeded, seedDemo } from '../demo/seed.ts';
import { latestSucceededRun } from './db/score-repository.ts';
import { addApiKey } from './db/tenant-repository.ts';
import { scoreTenant } from './scoring/score-tenant.ts';

const config = readConfig();
const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
const say = (line: string) => process.stdout.write(`${line}\n`);
say(`database: ${database.description}`);
await migrate(database.sql, say);

if (config.demo) {
  if (!(await demoIsSeeded(database.sql))) {
    say('seeding the demo tenant (first start)...');
    const seeded = await seedDemo(database.sql, { port: config.port, log: say });
    say(`demo tenant "${seeded.tenantId}": ${seeded.customers} customers, ${seeded.orders} orders`);
  }
  if (!(await latestSucceededRun(database.sql, DEMO_TENANT_ID))) {
    say('scoring the demo tenant...');
    await scoreTenant(database.sql, DEMO_TENANT_ID, { log: say });
  }
}

const app = await buildApp({
  // The server runs as the app role: row-level security applies to everything it does.
  sql: database.appSql,
  logger: { level: process.env.LOG_LEVEL ?? 'info' },
  rateLimits: config.rateLimits,
  trustProxy: config.trustProxy,
  timeouts: config.timeouts,
  // Only on a PostgreSQL server, whose change notifications keep the copies honest (plugins/stored-view-cache.ts).
  storedViewCache: { maxEntries: config.answerCacheEntries, openListener: database.openListener },
  // The demo's backend plays the vendor: it calls the API server-side with a key of its own.
  demo: config.demo ? { tenantId: DEMO_TENANT_ID, apiKey: await addApiKey(database.sql, DEMO_TENANT_ID, { revokeOthers: true }) } : undefined,
});

let closing = false;
async function shutdown(signal: string, drainMs: number) {
  if (closing) return;
  closing = true;
  say(`${signal}: /readyz answers 503 now; serving for ${drainMs} ms more, then finishing in-flight requests and closing`);
  // First readiness fails, while requests are still served, so the load balancer stops sending new ones;
  // then Fastify stops accepting connections and waits for in-flight requests (each batch commits or rolls
  // back whole) and the rescoring queue before the database closes.
  app.draining = true;
  const forceExit = setTimeout(() => process.exit(1), drainMs + 10_000).unref();
  try {
    await new Promise((resolve) => setTimeout(resolve, drainMs));
    await app.close();
    await database.close();
    clearTimeout(forceExit);
    process.exit(0);
  } catch (error) {
    console.error(error);
    process.exit(1);
  }
}
// SIGTERM comes from an orchestrator that routes traffic by /readyz; Ctrl-C from a person who wants it gone.
process.on('SIGINT', () => void shutdown('SIGINT', 0));
process.on('SIGTERM', () => void shutdown('SIGTERM', config.shutdownDrainMs));

const address = await app.listen({ port: config.port, host: config.host });
const base = address.replace('://127.0.0.1', '://localhost');
say(`Open Book CLV is listening on ${address}`);
say(`API reference: ${base}/docs`);
if (config.demo) say(`Demo: ${base}/demo/`);
