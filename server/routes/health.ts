import type { FastifyInstance } from 'fastify';

export interface HealthOptions {
  /** How long /readyz waits for the database before answering 503: a hung database is not a ready one. */
  readinessTimeoutMs: number;
}

declare module 'fastify' {
  interface FastifyInstance {
    /** Set on SIGTERM (main.ts): /readyz answers 503 so that load balancers stop sending new requests. */
    draining: boolean;
  }
}

export default async function healthRoutes(app: FastifyInstance, { readinessTimeoutMs }: HealthOptions) {
  // Liveness: the process answers; deliberately no database call.
  app.get('/healthz', { config: { auth: 'none' }, schema: { tags: ['health'], hide: true } }, async () => ({ status: 'ok' }));

  // Readiness: not shutting down, and the database answers in time. Each probe asks the database again,
  // so readiness comes back by itself when the database does (the pool reconnects on the next query).
  app.get('/readyz', { config: { auth: 'none' }, schema: { tags: ['health'], hide: true } }, async (_request, reply) => {
    if (app.draining) return reply.code(503).send({ error: { code: 'shutting_down', message: 'shutting down' } });
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        app.sql`select 1`,
        new Promise((_resolve, reject) => {
          timer = setTimeout(() => reject(new Error('readiness probe timed out')), readinessTimeoutMs);
        }),
      ]);
      return { status: 'ready' };
    } catch {
      return reply.code(503).send({ error: { code: 'not_ready', message: 'database unreachable' } });
    } finally {
      clearTimeout(timer);
    }
  });
}
