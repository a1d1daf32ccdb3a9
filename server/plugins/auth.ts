/**
 * Who is calling. Every route declares `config.auth`: 'apiKey' (vendor backends), 'embed' (the widget,
 * an embed JWT) or 'none'; a route that declares nothing refuses to register. A route accepts exactly
 * one kind of credential, and everything a handler may read about the caller is set here:
 * `request.tenantId`, and for embed tokens `request.embed` with the customer taken from `sub` alone.
 * Every route is also listed in `app.declaredRoutes` with its policy, for the tests that walk them all.
 */
import fp from 'fastify-plugin';
import fastifyJwt from '@fastify/jwt';
import type { FastifyInstance, FastifyReply, FastifyRequest, FastifySchema } from 'fastify';
import { z } from 'zod';
import {
  EMBED_TOKEN_AUDIENCE,
  EMBED_TOKEN_MAX_TTL_SECONDS,
  EMBED_TOKEN_TYPE,
  EmbedClaimsSchema,
  type EmbedRole,
} from '../../shared/schemas/embed-tokens.ts';
import { parseApiKey, secretMatches } from '../credentials.ts';
import { findApiKeyHash, findEmbedKeyForToken, type EmbedKeyForToken } from '../db/tenant-repository.ts';
import { findEmbedKeyWithStoredView, viewAudienceOf, type EmbedKeyWithStoredView } from '../db/stored-view-repository.ts';
import { unauthorized } from '../http-error.ts';
import { tooManyRequests } from './rate-limit.ts';

export const AUTH_POLICIES = ['none', 'apiKey', 'embed'] as const;
export type AuthPolicy = (typeof AUTH_POLICIES)[number];

export interface EmbedIdentity {
  customerId: string;
  role: EmbedRole;
  repId: string | null;
  expiresAt: number;
}

export interface DeclaredRoute {
  method: string;
  url: string;
  auth: AuthPolicy;
  /** The route's own body limit; undefined means the server's. */
  bodyLimit: number | undefined;
  schema: FastifySchema | undefined;
}

declare module 'fastify' {
  interface FastifyContextConfig {
    auth?: AuthPolicy;
    /** An embed route that answers from the stored answer of GET /v1/me: read with the token's key. */
    storedView?: boolean;
  }
  interface FastifyInstance {
    declaredRoutes: readonly DeclaredRoute[];
  }
  interface FastifyRequest {
    tenantId: string;
    embed: EmbedIdentity | null;
    /** For a route with `config.storedView`: the customer's stored answer (gzipped JSON) when current, read with the key. */
    storedView: Buffer | null;
    /** For a route with `config.storedView`: the token's tenant's allowed origins, read with the key (else null). */
    embedTenantOrigins: string[] | null;
  }
}

// Clock skew we forgive between the vendor's backend that signs and this server.
const CLOCK_TOLERANCE_SECONDS = 30;
// A page view sends its token several times (the figures, then the goals, the simulator...) and a token lives up to
// an hour, so each key's verifier keeps the tokens it accepted (fast-jwt's cache, each entry until the token's exp):
// one seen before skips the decoding, the signature and the claims' checks. The key lookup and the checks after it
// (revocation, lifetime) still run on every request, so a retired key or a revocation refuses it at once. Each
// entry is a token and its claims, under 1 KB: a key's verifier holds a few MB at most.
const VERIFIED_TOKENS_KEPT_PER_KEY = 5_000;

/** What fast-jwt warns with whenever a verifier's cache has a key of our choosing (below: the token itself). */
const CACHE_KEY_WARNING = 'FAST_JWT_CACHE_KEY_BUILDER_SECURITY_RISK';
let cacheKeyWarningDropped = false;

/**
 * Drops fast-jwt's warning about a custom cache key, and only it, from this process's warnings. It is about
 * keys that two tokens could share (GHSA-rp9m-7r4c-75qg); ours is the whole token, which no other token
 * shares. @fastify/jwt makes a verifier per embed key, so the server's log would get one such warning for
 * every key it sees, telling its operators of a risk this server does not have.
 */
function dropCacheKeyWarning(): void {
  if (cacheKeyWarningDropped) return;
  cacheKeyWarningDropped = true;
  const emitWarning = process.emitWarning;
  process.emitWarning = function emitOtherWarnings(warning: string | Error, ...rest: unknown[]) {
    const [options, code] = rest;
    const warningCode = typeof options === 'object' && options !== null ? (options as { code?: unknown }).code : code;
    if (warningCode === CACHE_KEY_WARNING) return;
    Reflect.apply(emitWarning, process, [warning, ...rest]);
  } as typeof process.emitWarning;
}

function bearer(request: FastifyRequest): string {
  const header = request.headers.authorization;
  const match = typeof header === 'string' ? /^Bearer ([^\s]+)$/.exec(header) : null;
  if (!match?.[1]) throw unauthorized('an "Authorization: Bearer <credential>" header is required');
  return match[1];
}

async function auth(app: FastifyInstance) {
  dropCacheKeyWarning();
  app.decorateRequest('tenantId', '');
  app.decorateRequest('embed', null);
  app.decorateRequest('storedView', null);
  app.decorateRequest('embedTenantOrigins', null);
  const declaredRoutes: DeclaredRoute[] = [];
  app.decorate('declaredRoutes', declaredRoutes);
  // What the secret lookup below read with the token's key, kept aside until the token is verified: the
  // customer's revocation instant, and for a route with config.storedView the stored answer and the tenant's origins.
  const keysFound = new WeakMap<FastifyRequest, EmbedKeyForToken | EmbedKeyWithStoredView>();
  // A token from the verifier's cache comes back as the same claims object: checked once.
  const checkedClaims = new WeakMap<object, ReturnType<typeof EmbedClaimsSchema.safeParse>>();
  const claimsOf = (verified: unknown) => {
    if (typeof verified !== 'object' || verified === null) return EmbedClaimsSchema.safeParse(verified);
    let checked = checkedClaims.get(verified);
    if (!checked) {
      checked = EmbedClaimsSchema.safeParse(verified);
      checkedClaims.set(verified, checked);
    }
    return checked;
  };
  // The key lookup's own failure (the database), which is no verdict on the token.
  const lookupFailures = new WeakMap<FastifyRequest, unknown>();

  await app.register(fastifyJwt, {
    // The key is chosen by the token's own (iss, kid) pair, so a kid only verifies for the tenant
    // that owns it; the signature then proves iss was not altered.
    secret: async (request: FastifyRequest, token: unknown) => {
      const { header, payload } = token as { header: Record<string, unknown>; payload: Record<string, unknown> };
      const { kid } = header;
      const { iss, sub } = payload;
      if (typeof kid !== 'string' || typeof iss !== 'string' || !/^[\w-]{1,64}$/.test(kid) || !/^[\w-]{1,64}$/.test(iss) || typeof sub !== 'string') {
        throw unauthorized('invalid embed token');
      }
      // One round trip: the key, and the customer's revocation instant (checked once the signature holds).
      // In the claimed tenant's scope: a forged iss finds no key there, or one whose signature fails.
      // A route answering from the stored answer reads it in the same statement, for the audience of the role
      // the token claims: it is read before the signature is checked and handed over only after.
      let key;
      try {
        if (request.routeOptions.config.storedView) {
          const claimed = { tenantId: iss, keyId: kid, customerId: sub, audience: viewAudienceOf(String(payload.role)) };
          const asOf = app.clock();
          // From memory when this server keeps a current copy of the statement's answer (plugins/stored-view-cache.ts).
          key = await app.storedViewCache.read(claimed, asOf, () => findEmbedKeyWithStoredView(app.sql, claimed, asOf));
        } else {
          key = await findEmbedKeyForToken(app.sql, iss, kid, sub);
        }
      } catch (error) {
        lookupFailures.set(request, error);
        throw error;
      }
      if (!key) throw unauthorized('invalid embed token');
      keysFound.set(request, key);
      return key.secret;
    },
    decode: { complete: true },
    verify: {
      algorithms: ['HS256'],
      allowedAud: EMBED_TOKEN_AUDIENCE,
      requiredClaims: ['iss', 'aud', 'sub', 'role', 'iat', 'exp'],
      checkTyp: EMBED_TOKEN_TYPE,
      // fast-jwt counts in milliseconds.
      clockTolerance: CLOCK_TOLERANCE_SECONDS * 1000,
      cache: VERIFIED_TOKENS_KEPT_PER_KEY,
      // The token itself is the cache's key: fast-jwt's default, a SHA-256 of the token, costs about what the HMAC
      // it saves costs. The tokens stay in this process's memory, as the requests that carried them do.
      cacheKeyBuilder: (token: string) => token,
      // A refusal is never answered from the cache (fast-jwt would keep one for the clock tolerance), so that a
      // token not yet valid is accepted as soon as it is.
      errorCacheTTL: () => -CLOCK_TOLERANCE_SECONDS * 1000 - 1,
    },
  });

  async function authenticateApiKey(request: FastifyRequest, reply: FastifyReply) {
    // An address that failed too often waits, whatever key it sends now: guessing gets no answers.
    const wait = app.hasDecorator('apiKeyFailures') ? await app.apiKeyFailures.retryAfter(request) : null;
    if (wait !== null) throw tooManyRequests(reply, wait, 'too many failed API-key attempts from this address; retry after the time in Retry-After');
    try {
      const parsed = parseApiKey(bearer(request));
      if (!parsed) throw unauthorized('invalid API key');
      const storedHash = await findApiKeyHash(app.sql, parsed.tenantId, parsed.keyId);
      if (!storedHash || !secretMatches(parsed.secret, storedHash)) throw unauthorized('invalid API key');
      request.tenantId = parsed.tenantId;
    } catch (error) {
      if (app.hasDecorator('apiKeyFailures') && (error as { statusCode?: number }).statusCode === 401) await app.apiKeyFailures.record(request);
      throw error;
    }
  }

  async function authenticateEmbedToken(request: FastifyRequest) {
    bearer(request);
    let verified: unknown;
    try {
      verified = await request.jwtVerify();
    } catch (error) {
      // The database failed, not the token: the error handler answers that (503 while it is unreachable), and the
      // widget retries instead of giving up on a token that may be fine.
      if (lookupFailures.has(request)) throw lookupFailures.get(request);
      request.log.info({ reason: (error as Error).message }, 'embed token refused');
      // Which check failed is not the caller's business (RFC 8725): one answer for every bad token.
      throw unauthorized('invalid or expired embed token');
    }
    const claims = claimsOf(verified);
    if (!claims.success) throw unauthorized('invalid or expired embed token');
    const { iss, sub, role, rep, iat, exp } = claims.data;
    const lifetimeTooLong = exp - iat > EMBED_TOKEN_MAX_TTL_SECONDS;
    const issuedInFuture = iat > Date.now() / 1000 + CLOCK_TOLERANCE_SECONDS;
    const repWithoutId = role === 'rep' && !rep;
    // Revoked: issued before the customer's cutoff (POST /v1/customers/:customerId/revoke-tokens).
    const found = keysFound.get(request);
    const cutoff = found?.tokensValidAfter;
    const revoked = cutoff !== undefined && cutoff !== null && iat * 1000 < cutoff.getTime();
    if (lifetimeTooLong || issuedInFuture || repWithoutId || revoked) throw unauthorized('invalid or expired embed token');
    request.tenantId = iss;
    request.embed = { customerId: sub, role, repId: role === 'rep' ? (rep ?? null) : null, expiresAt: exp };
    const withView = found && 'storedView' in found ? found : null;
    request.storedView = withView?.storedView ?? null;
    request.embedTenantOrigins = withView?.allowedOrigins ?? null;
  }

  app.addHook('onRoute', (route) => {
    // Two kinds of route come from plugins that cannot declare a policy: the API reference pages
    // (@fastify/swagger-ui) and the CORS preflight (@fastify/cors). Neither touches tenant data.
    const isDocsPage = route.url.startsWith('/docs');
    const isPreflight = route.method === 'OPTIONS' && route.url === '*';
    if (!route.config?.auth && (isDocsPage || isPreflight)) route.config = { ...route.config, auth: 'none' };
    const policy = route.config?.auth;
    if (!policy || !AUTH_POLICIES.includes(policy)) {
      throw new Error(`route ${String(route.method)} ${route.url} declares no auth policy (config.auth)`);
    }
    // A widget route takes its customer from the token alone: a query it does not declare is refused (400),
    // so that no `?customerId=` can ever look like a choice the caller makes.
    if (policy === 'embed' && !route.schema?.querystring) route.schema = { ...route.schema, querystring: z.strictObject({}) };
    for (const method of [route.method].flat()) {
      declaredRoutes.push({ method, url: route.url, auth: policy, bodyLimit: route.bodyLimit, schema: route.schema });
    }
  });

  app.addHook('onRequest', async (request, reply) => {
    const policy = request.routeOptions.config.auth;
    if (policy === 'apiKey') await authenticateApiKey(request, reply);
    else if (policy === 'embed') await authenticateEmbedToken(request);
  });
}

export default fp(auth, { name: 'auth', dependencies: ['db', 'stored-view-cache'] });
