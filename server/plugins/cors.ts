/**
 * CORS only for origins that some tenant configured (`tenant create --origin`). A browser preflight
 * carries no credential, so the tenant is not known yet: the preflight is allowed for any configured
 * origin, and the request itself is refused when its Origin is not one of the token's own tenant.
 */
import fp from 'fastify-plugin';
import cors from '@fastify/cors';
import type { FastifyInstance } from 'fastify';
import { allAllowedOrigins, findTenant } from '../db/tenant-repository.ts';
import { HttpError } from '../http-error.ts';
import { withTenant } from '../db/tenant-scope.ts';

// Origins change rarely; a short cache keeps preflights off the database.
const ORIGIN_CACHE_MS = 10_000;

async function corsPlugin(app: FastifyInstance) {
  let cached: { origins: Set<string>; at: number } | null = null;
  const freshOrigins = () => (cached && Date.now() - cached.at <= ORIGIN_CACHE_MS ? cached.origins : null);
  const knownOrigins = async () => {
    const fresh = freshOrigins();
    if (fresh) return fresh;
    cached = { origins: await allAllowedOrigins(app.sql), at: Date.now() };
    return cached.origins;
  };

  await app.register(cors, {
    origin: (origin, callback) => {
      if (!origin) return callback(null, false);
      // Answered at once while the cache is fresh: no promise and no microtask per request.
      const fresh = freshOrigins();
      if (fresh) return callback(null, fresh.has(origin));
      knownOrigins().then((origins) => callback(null, origins.has(origin)), (error: Error) => callback(error, false));
    },
    methods: ['GET', 'POST', 'PUT'],
    allowedHeaders: ['Authorization', 'Content-Type', 'Idempotency-Key'],
    // The widget backs off by Retry-After; cross-origin it can read the header only when exposed.
    exposedHeaders: ['Retry-After'],
    maxAge: 600,
  });

  // Rate limits and auth are registered first, so their hooks run before the one above: a 429 or a refused
  // token's 401 would leave without CORS headers, and a widget on another origin would see only a failed
  // request, never that its token was refused (to ask its tokenProvider for a new one) nor the Retry-After.
  // Such answers get the headers here, for the same origins.
  app.addHook('onSend', async (request, reply) => {
    const origin = request.headers.origin;
    if (!origin || request.method === 'OPTIONS' || reply.hasHeader('access-control-allow-origin')) return;
    if (!(await knownOrigins()).has(origin)) return;
    const vary = reply.getHeader('vary');
    reply.header('access-control-allow-origin', origin);
    reply.header('access-control-expose-headers', 'Retry-After');
    reply.header('vary', vary ? `${String(vary)}, Origin` : 'Origin');
  });

  // Widget routes: a cross-origin call must come from an origin of the token's own tenant.
  app.addHook('preHandler', async (request) => {
    const origin = request.headers.origin;
    if (request.routeOptions.config.auth !== 'embed' || !origin) return;
    const self = `${request.protocol}://${request.host}`;
    if (origin === self) return;
    // Read with the token's key where the route does (GET /v1/me, kept in memory on PostgreSQL), else asked now.
    const allowed = request.embedTenantOrigins ?? (await withTenant(app.sql, request.tenantId, (tx) => findTenant(tx, request.tenantId)))?.allowedOrigins;
    if (!allowed?.includes(origin)) {
      throw new HttpError(403, 'origin_not_allowed', `origin ${origin} is not allowed for this tenant`);
    }
  });
}

export default fp(corsPlugin, { name: 'cors', dependencies: ['db', 'auth'] });
