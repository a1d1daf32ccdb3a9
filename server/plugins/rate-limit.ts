/**
 * Rate limits, counted in this process's memory with @fastify/rate-limit (each replica counts its own
 * callers; behind a load balancer the limits apply per replica):
 * - per address, on every route, before anything else runs (no database work for a flood);
 * - per tenant, on routes with a credential, once the credential has named the tenant;
 * - failed API-key attempts per address: past the limit that address gets 429 on API-key routes,
 *   its right key included, until the window ends, so guessing costs the guesser time, not us.
 * A limit of 0 turns that limit off. The answer past a limit is 429 with `Retry-After` in seconds.
 * The address is the socket's, or the one from X-Forwarded-For only when `trustProxy` says whom to believe.
 */
import fp from 'fastify-plugin';
import fastifyRateLimit from '@fastify/rate-limit';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { HttpError } from '../http-error.ts';

export interface RateLimitOptions {
  /** Requests per window from one address, on every route. */
  perIp: number;
  /** Requests per window for one tenant, on routes with a credential. */
  perTenant: number;
  /** Failed API-key attempts per window from one address before it gets 429. */
  apiKeyFailuresPerIp: number;
  windowMs: number;
}

export const NO_RATE_LIMITS: RateLimitOptions = { perIp: 0, perTenant: 0, apiKeyFailuresPerIp: 0, windowMs: 60_000 };

export interface ApiKeyFailures {
  /** Seconds the caller's address must wait before trying an API key again, or null when it may try now. */
  retryAfter(request: FastifyRequest): Promise<number | null>;
  record(request: FastifyRequest): Promise<void>;
}

declare module 'fastify' {
  interface FastifyInstance {
    apiKeyFailures: ApiKeyFailures;
  }
}

// How many distinct addresses or tenants each limiter remembers (least recently seen forgotten first).
const REMEMBERED_KEYS = 100_000;

export const tooManyRequests = (reply: FastifyReply, seconds: number, message: string) => {
  reply.header('retry-after', String(Math.max(1, seconds)));
  return new HttpError(429, 'rate_limited', message);
};

async function rateLimits(app: FastifyInstance, options: RateLimitOptions) {
  // global: false: nothing is attached to routes by the plugin itself; the hooks below do the counting.
  await app.register(fastifyRateLimit, { global: false, timeWindow: options.windowMs });
  const limiter = (max: number, keyGenerator: (request: FastifyRequest) => string) =>
    max > 0 ? app.createRateLimit({ max, timeWindow: options.windowMs, keyGenerator, cache: REMEMBERED_KEYS } as Parameters<typeof app.createRateLimit>[0]) : null;

  const perIp = limiter(options.perIp, (request) => `ip:${request.ip}`);
  if (perIp) {
    app.addHook('onRequest', async (request, reply) => {
      const state = await perIp(request);
      if (!state.isAllowed && state.isExceeded) throw tooManyRequests(reply, state.ttlInSeconds, 'too many requests from this address; retry after the time in Retry-After');
    });
  }

  // preParsing runs after the auth plugin's onRequest hook has named the tenant, and before a body is read.
  const perTenant = limiter(options.perTenant, (request) => `tenant:${request.tenantId}`);
  if (perTenant) {
    app.addHook('preParsing', async (request, reply, payload) => {
      if (request.tenantId) {
        const state = await perTenant(request);
        if (!state.isAllowed && state.isExceeded) throw tooManyRequests(reply, state.ttlInSeconds, 'too many requests for this tenant; retry after the time in Retry-After');
      }
      return payload;
    });
  }

  const failures = limiter(options.apiKeyFailuresPerIp, (request) => `failed-api-key:${request.ip}`);
  app.decorate('apiKeyFailures', {
    async retryAfter(request: FastifyRequest) {
      if (!failures) return null;
      const state = await failures(request, { increment: false });
      // `remaining` is 0 once the address has used up its failures in this window.
      return !state.isAllowed && state.remaining === 0 && state.ttl > 0 ? state.ttlInSeconds : null;
    },
    async record(request: FastifyRequest) {
      if (failures) await failures(request);
    },
  });
}

export default fp(rateLimits, { name: 'rate-limit' });
