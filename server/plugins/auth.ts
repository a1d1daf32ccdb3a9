/**
 * Who is calling. Every route declares `config.auth`: 'apiKey' (vendor backends), 'embed' (the widget,
 * an embed JWT) or 'none'; a route that declares nothing refuses to register. A route accepts exactly
 * one kind of credential, and everything a handler may read about the caller is set here:
 * `request.tenantId`, and for embed tokens `request.embed` with the customer taken from `sub` alone.
 */
import fp from 'fastify-plugin';
import fastifyJwt from '@fastify/jwt';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import {
  EMBED_TOKEN_AUDIENCE,
  EMBED_TOKEN_MAX_TTL_SECONDS,
  EMBED_TOKEN_TYPE,
  EmbedClaimsSchema,
  type EmbedRole,
} from '../../shared/schemas/embed-tokens.ts';
import { parseApiKey, secretMatches } from '../credentials.ts';
import { findApiKeyHash, findEmbedSecret } from '../db/tenant-repository.ts';
import { unauthorized } from '../http-error.ts';

export const AUTH_POLICIES = ['none', 'apiKey', 'embed'] as const;
export type AuthPolicy = (typeof AUTH_POLICIES)[number];

export interface EmbedIdentity {
  customerId: string;
  role: EmbedRole;
  repId: string | null;
  expiresAt: number;
}

declare module 'fastify' {
  interface FastifyContextConfig {
    auth?: AuthPolicy;
  }
  interface FastifyRequest {
    tenantId: string;
    embed: EmbedIdentity | null;
  }
}

// Clock skew we forgive between the vendor's backend that signs and this server.
const CLOCK_TOLERANCE_SECONDS = 30;

function bearer(request: FastifyRequest): string {
  const header = request.headers.authorization;
  const match = typeof header === 'string' ? /^Bearer ([^\s]+)$/.exec(header) : null;
  if (!match?.[1]) throw unauthorized('an "Authorization: Bearer <credential>" header is required');
  return match[1];
}

async function auth(app: FastifyInstance) {
  app.decorateRequest('tenantId', '');
  app.decorateRequest('embed', null);

  await app.register(fastifyJwt, {
    // The key is chosen by the token's own (iss, kid) pair, so a kid only verifies for the tenant
    // that owns it; the signature then proves iss was not altered.
    secret: async (_request: FastifyRequest, token: unknown) => {
      const { header, payload } = token as { header: Record<string, unknown>; payload: Record<string, unknown> };
      const kid = header.kid;
      const iss = payload.iss;
      if (typeof kid !== 'string' || typeof iss !== 'string' || !/^[\w-]{1,64}$/.test(kid) || !/^[\w-]{1,64}$/.test(iss)) {
        throw unauthorized('invalid embed token');
      }
      const secret = await findEmbedSecret(app.sql, iss, kid);
      if (!secret) throw unauthorized('invalid embed token');
      return secret;
    },
    decode: { complete: true },
    verify: {
      algorithms: ['HS256'],
      allowedAud: EMBED_TOKEN_AUDIENCE,
      requiredClaims: ['iss', 'aud', 'sub', 'role', 'iat', 'exp'],
      checkTyp: EMBED_TOKEN_TYPE,
      clockTolerance: CLOCK_TOLERANCE_SECONDS,
    },
  });

  async function authenticateApiKey(request: FastifyRequest) {
    const parsed = parseApiKey(bearer(request));
    if (!parsed) throw unauthorized('invalid API key');
    const storedHash = await findApiKeyHash(app.sql, parsed.tenantId, parsed.keyId);
    if (!storedHash || !secretMatches(parsed.secret, storedHash)) throw unauthorized('invalid API key');
    request.tenantId = parsed.tenantId;
  }

  async function authenticateEmbedToken(request: FastifyRequest) {
    bearer(request);
    let verified: unknown;
    try {
      verified = await request.jwtVerify();
    } catch (error) {
      request.log.info({ reason: (error as Error).message }, 'embed token refused');
      // Which check failed is not the caller's business (RFC 8725): one answer for every bad token.
      throw unauthorized('invalid or expired embed token');
    }
    const claims = EmbedClaimsSchema.safeParse(verified);
    if (!claims.success) throw unauthorized('invalid or expired embed token');
    const { iss, sub, role, rep, iat, exp } = claims.data;
    const lifetimeTooLong = exp - iat > EMBED_TOKEN_MAX_TTL_SECONDS;
    const issuedInFuture = iat > Date.now() / 1000 + CLOCK_TOLERANCE_SECONDS;
    const repWithoutId = role === 'rep' && !rep;
    if (lifetimeTooLong || issuedInFuture || repWithoutId) throw unauthorized('invalid or expired embed token');
    request.tenantId = iss;
    request.embed = { customerId: sub, role, repId: role === 'rep' ? (rep ?? null) : null, expiresAt: exp };
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
  });

  app.addHook('onRequest', async (request) => {
    const policy = request.routeOptions.config.auth;
    if (policy === 'apiKey') await authenticateApiKey(request);
    else if (policy === 'embed') await authenticateEmbedToken(request);
  });
}

export default fp(auth, { name: 'auth', dependencies: ['db'] });
