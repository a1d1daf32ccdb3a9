/**
 * Builds the Fastify app as a plugin tree; never listens (main.ts does, and tests build it too).
 * The caller passes the database it opened and closes it after the app.
 */
import Fastify, { type FastifyServerOptions } from 'fastify';
import fastifyStatic from '@fastify/static';
import { serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import type { Sql } from 'postgres';
import dbPlugin from './plugins/db.ts';
import errorsPlugin from './plugins/errors.ts';
import authPlugin from './plugins/auth.ts';
import rateLimitPlugin, { NO_RATE_LIMITS, type RateLimitOptions } from './plugins/rate-limit.ts';
import corsPlugin from './plugins/cors.ts';
import storedViewCachePlugin, { STORED_VIEW_CACHE_OFF, type StoredViewCacheOptions } from './plugins/stored-view-cache.ts';
import rescoringPlugin from './plugins/rescoring.ts';
import idempotencyPlugin from './plugins/idempotency.ts';
import scoreRoutes from './routes/scores.ts';
import healthRoutes from './routes/health.ts';
import ingestRoutes from './routes/ingest.ts';
import embedTokenRoutes from './routes/embed-tokens.ts';
import credentialRoutes from './routes/credentials.ts';
import customerValueRoutes from './routes/customer-value.ts';
import metricsIngestRoutes from './routes/metrics-ingest.ts';
import metricsRoutes from './routes/metrics.ts';
import programRoutes from './routes/program.ts';
import loyaltyRoutes from './routes/loyalty.ts';
import productRoutes from './routes/products.ts';
import suggestionRoutes from './routes/suggestions.ts';
import goalRoutes from './routes/goals.ts';
import widgetRoutes from './routes/widget.ts';
import { registerDocsPage, registerOpenApi } from './routes/docs.ts';
import demoRoutes, { type DemoOptions } from '../demo/vendor-backend.ts';

export interface AppOptions {
  sql: Sql;
  logger?: FastifyServerOptions['logger'];
  /** Serve the demo vendor product at /demo/, playing the vendor for this tenant with this API key. */
  demo?: DemoOptions;
  /** The time figures are computed at; tests fix it, everything else uses the real clock. */
  clock?: () => Date;
  /** Rate limits per address and per tenant; none unless given (main.ts reads them from the environment). */
  rateLimits?: RateLimitOptions;
  /** Whom to believe about the client's address in X-Forwarded-For (Fastify's trustProxy); nobody unless given. */
  trustProxy?: FastifyServerOptions['trustProxy'];
  /**
   * Milliseconds, 0 for none: the whole request on the socket, an idle socket, a route's work (503 past it),
   * and how long /readyz waits for the database (2 s by default).
   */
  timeouts?: { requestMs?: number; connectionMs?: number; handlerMs?: number; readinessMs?: number };
  /** GET /v1/me's answers kept in memory (plugins/stored-view-cache.ts); off unless given. */
  storedViewCache?: StoredViewCacheOptions;
}

declare module 'fastify' {
  interface FastifyInstance {
    clock: () => Date;
  }
}

export async function buildApp({ sql, logger = false, demo, clock = () => new Date(), rateLimits = NO_RATE_LIMITS, trustProxy = false, timeouts = {}, storedViewCache = STORED_VIEW_CACHE_OFF }: AppOptions) {
  const app = Fastify({
    logger,
    trustProxy,
    requestTimeout: timeouts.requestMs ?? 0,
    // Also given to Node's server at creation, so that its headersTimeout is not longer than it (a slow body
    // would otherwise be let through), checked at a quarter of it (Node checks every 30 s by default).
    ...(timeouts.requestMs
      ? { http: { requestTimeout: timeouts.requestMs, connectionsCheckingInterval: Math.min(30_000, Math.max(100, Math.floor(timeouts.requestMs / 4))) } }
      : {}),
    connectionTimeout: timeouts.connectionMs ?? 0,
    // Fastify answers 503 past it and aborts request.signal; write transactions roll back on that signal.
    ...(timeouts.handlerMs ? { handlerTimeout: timeouts.handlerMs } : {}),
    // Request ids in logs, but never echo a caller-chosen one back into our logs.
    genReqId: () => crypto.randomUUID(),
    // Plain JSON only: no prototype pollution through __proto__ or constructor keys.
    onProtoPoisoning: 'error',
    onConstructorPoisoning: 'error',
  });
  app.decorate('clock', clock);
  app.decorate('draining', false);
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);

  await app.register(errorsPlugin);
  await app.register(dbPlugin, { sql });
  // Before auth, so that a flood from one address is refused before any credential is looked up.
  await app.register(rateLimitPlugin, rateLimits);
  await app.register(storedViewCachePlugin, storedViewCache);
  await app.register(authPlugin);
  await app.register(corsPlugin);
  await app.register(rescoringPlugin);
  await app.register(idempotencyPlugin);
  await registerOpenApi(app);
  // sendFile for the widget and demo files; their routes are our own, with declared auth policies. A file
  // built with a compressed copy beside it (FILE.br, FILE.gz: the widget's scripts) is sent as that copy to a
  // browser that accepts it.
  await app.register(fastifyStatic, { serve: false, root: process.cwd(), preCompressed: true });

  await app.register(healthRoutes, { readinessTimeoutMs: timeouts.readinessMs ?? 2000 });
  await app.register(ingestRoutes);
  await app.register(embedTokenRoutes);
  await app.register(credentialRoutes);
  await app.register(customerValueRoutes);
  await app.register(metricsIngestRoutes);
  await app.register(metricsRoutes);
  await app.register(programRoutes);
  await app.register(loyaltyRoutes);
  await app.register(productRoutes);
  await app.register(suggestionRoutes);
  await app.register(goalRoutes);
  await app.register(scoreRoutes);
  await app.register(widgetRoutes);
  if (demo) await app.register(demoRoutes, demo);
  await registerDocsPage(app);
  return app;
}
