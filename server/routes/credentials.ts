/**
 * The vendor manages its embed credentials: rotate the embed key (add a key, move its signers over,
 * retire the old one; both verify in between) and revoke one customer's embed tokens at once.
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ErrorResponseSchema, ExternalIdSchema } from '../../shared/schemas/common.ts';
import {
  EmbedKeyCreatedSchema,
  EmbedKeyIdSchema,
  EmbedKeyRetiredSchema,
  NoBodySchema,
  TokensRevokedSchema,
} from '../../shared/schemas/credentials.ts';
import { createEmbedKey, retireEmbedKey, revokeCustomerTokens } from '../db/tenant-repository.ts';
import { HttpError, notFound } from '../http-error.ts';
import { SMALL_BODY_LIMIT } from './ingest.ts';
import { withTenant } from '../db/tenant-scope.ts';

export default async function credentialRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const errors = { 400: ErrorResponseSchema, 401: ErrorResponseSchema, 404: ErrorResponseSchema };

  app.post('/v1/embed-keys', {
    config: { auth: 'apiKey' },
    bodyLimit: SMALL_BODY_LIMIT,
    schema: {
      tags: ['widget'],
      summary: 'Add an embed key (rotation, step 1)',
      description:
        'The new key is active at once and POST /v1/embed-tokens signs with it from now on; tokens signed with the ' +
        'older active keys keep verifying until those are retired, so a rotation has no gap: add a key, move your own ' +
        'signers to it, wait for the old tokens to expire (at most one hour), then retire the old key. The secret is shown once.',
      security: [{ apiKey: [] }],
      body: NoBodySchema,
      response: { 200: EmbedKeyCreatedSchema, ...errors },
    },
    handler: async (request) => {
      const key = await withTenant(app.sql, request.tenantId, (tx) => createEmbedKey(tx, request.tenantId));
      return { embedKeyId: key.embedKeyId, embedSecret: key.embedSecret, createdAt: key.createdAt.toISOString() };
    },
  });

  app.post('/v1/embed-keys/:keyId/retire', {
    config: { auth: 'apiKey' },
    bodyLimit: SMALL_BODY_LIMIT,
    schema: {
      tags: ['widget'],
      summary: 'Retire an embed key (rotation, step 2): tokens it signed are refused from the next request',
      description: 'Retiring a retired key answers its retirement again. The last active key cannot be retired (409): add another first.',
      security: [{ apiKey: [] }],
      params: z.strictObject({ keyId: EmbedKeyIdSchema }),
      body: NoBodySchema,
      response: { 200: EmbedKeyRetiredSchema, 409: ErrorResponseSchema, ...errors },
    },
    handler: async (request) => {
      const { keyId } = request.params;
      const result = await retireEmbedKey(app.sql, request.tenantId, keyId);
      if (result.outcome === 'not_found') throw notFound('embed key');
      if (result.outcome === 'last_active') {
        throw new HttpError(409, 'last_active_key', 'this is the only active embed key; add one with POST /v1/embed-keys before retiring it');
      }
      // This server's copies of the key go now; other servers' when the change notification reaches them.
      app.storedViewCache.forget({ tenantId: request.tenantId, customerIds: null });
      return { embedKeyId: keyId, retiredAt: result.retiredAt.toISOString() };
    },
  });

  app.post('/v1/customers/:customerId/revoke-tokens', {
    config: { auth: 'apiKey' },
    bodyLimit: SMALL_BODY_LIMIT,
    schema: {
      tags: ['widget'],
      summary: "Revoke every embed token of one customer issued until now; the next request with one is refused",
      description:
        'For a customer who signed out everywhere, or a token that leaked. Tokens are compared by their `iat` (whole ' +
        'seconds) with `tokensValidAfter`: a token you sign yourself must have an `iat` at or after it, so sign new ones ' +
        'a second later; POST /v1/embed-tokens does that for you.',
      security: [{ apiKey: [] }],
      params: z.strictObject({ customerId: ExternalIdSchema }),
      body: NoBodySchema,
      response: { 200: TokensRevokedSchema, ...errors },
    },
    handler: async (request) => {
      const { customerId } = request.params;
      // The wall clock, as token `iat`s are (app.clock is the instant figures are computed at).
      const cutoff = await withTenant(app.sql, request.tenantId, (tx) => revokeCustomerTokens(tx, request.tenantId, customerId, new Date()));
      if (!cutoff) throw notFound('customer');
      // This server's copies of the old cutoff go now; other servers' when the change notification reaches them.
      app.storedViewCache.forget({ tenantId: request.tenantId, customerIds: [customerId] });
      return { customerId, tokensValidAfter: cutoff.toISOString() };
    },
  });
}
