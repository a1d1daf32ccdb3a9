import type { FastifyInstance } from 'fastify';

export default async function healthRoutes(app: FastifyInstance) {
  // Liveness: the process answers; deliberately no database call.
  app.get('/healthz', { config: { auth: 'none' }, schema: { tags: ['health'], hide: true } }, async () => ({ status: 'ok' }));

  // Readiness: the database answers too.
  app.get('/readyz', { config: { auth: 'none' }, schema: { tags: ['health'], hide: true } }, async (_request, reply) => {
    try {
      await app.sql`select 1`;
      return { status: 'ready' };
    } catch {
      return reply.code(503).send({ error: { code: 'not_ready', message: 'database unreachable' } });
    }
  });
}
