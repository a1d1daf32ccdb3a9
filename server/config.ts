/** Settings from the environment, with the defaults DESIGN.md and README.md document. */
import type { RateLimitOptions } from './plugins/rate-limit.ts';

export interface Config {
  databaseUrl: string | undefined;
  /** Folder of the embedded database when DATABASE_URL is unset. */
  dataDir: string;
  port: number;
  host: string;
  demo: boolean;
  rateLimits: RateLimitOptions;
  /** Fastify's trustProxy: false, true (every hop), or the proxies' addresses and CIDR ranges. */
  trustProxy: boolean | string;
  timeouts: { requestMs: number; connectionMs: number; handlerMs: number };
  /** After SIGTERM, how long /readyz answers 503 while requests are still served, before closing. */
  shutdownDrainMs: number;
  /** GET /v1/me's answers kept in memory at most (about 3 KB each); 0 turns that off. */
  answerCacheEntries: number;
}

/** A whole number >= 0 from the environment, or the default when unset or empty. */
function count(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const text = env[name];
  if (text === undefined || text === '') return fallback;
  const value = Number(text);
  if (!Number.isInteger(value) || value < 0) throw new Error(`${name} must be a whole number >= 0, got "${text}"`);
  return value;
}

function trustProxy(text: string | undefined): boolean | string {
  if (text === undefined || text === '' || text === 'false' || text === '0') return false;
  if (text === 'true' || text === '1') return true;
  return text;
}

export function readConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const port = Number(env.PORT ?? 3000);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`PORT must be a port number, got "${env.PORT}"`);
  return {
    databaseUrl: env.DATABASE_URL || undefined,
    dataDir: env.OPENBOOK_DATA_DIR || '.data',
    port,
    host: env.HOST || '127.0.0.1',
    demo: env.OPENBOOK_DEMO === '1',
    // Generous: a vendor backend or a busy office behind one address stays far below them. 0 turns one off.
    rateLimits: {
      perIp: count(env, 'OPENBOOK_RATE_LIMIT_PER_IP', 1200),
      perTenant: count(env, 'OPENBOOK_RATE_LIMIT_PER_TENANT', 12_000),
      apiKeyFailuresPerIp: count(env, 'OPENBOOK_RATE_LIMIT_API_KEY_FAILURES', 20),
      windowMs: count(env, 'OPENBOOK_RATE_LIMIT_WINDOW_SECONDS', 60) * 1000 || 60_000,
    },
    trustProxy: trustProxy(env.OPENBOOK_TRUST_PROXY),
    timeouts: {
      requestMs: count(env, 'OPENBOOK_REQUEST_TIMEOUT_MS', 120_000),
      connectionMs: count(env, 'OPENBOOK_CONNECTION_TIMEOUT_MS', 300_000),
      handlerMs: count(env, 'OPENBOOK_HANDLER_TIMEOUT_MS', 60_000),
    },
    shutdownDrainMs: count(env, 'OPENBOOK_SHUTDOWN_DRAIN_MS', 5000),
    // About 30 MB at most: the customers who come back within minutes, not every customer of a large tenant.
    answerCacheEntries: count(env, 'OPENBOOK_ANSWER_CACHE_ENTRIES', 10_000),
  };
}
