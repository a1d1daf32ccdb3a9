import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { ErrorResponseSchema } from '../../shared/schemas/common.ts';
import { EmbedTokenRequestSchema, EmbedTokenResponseSchema } from '../../shared/schemas/embed-tokens.ts';
import { activeEmbedKey } from '../db/tenant-repository.ts';
import { signEmbedToken } from '../embed-token.ts';
import { notFound } from '../http-error.ts';
import { SMALL_BODY_LIMIT } from './ingest.ts';
import { withTenant } from '../db/tenant-scope.ts';

export default async function embedTokenRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();

  app.post('/v1/embed-tokens', {
    config: { auth: 'apiKey' },
    bodyLimit: SMALL_BODY_LIMIT,
    schema: {
      tags: ['widget'],
      summary: 'Mint a short-lived embed token for one customer (or a rep acting for that customer)',
      security: [{ apiKey: [] }],
      body: EmbedTokenRequestSchema,
      response: { 200: EmbedTokenResponseSchema, 400: ErrorResponseSchema, 401: ErrorResponseSchema, 404: ErrorResponseSchema },
    },
    handler: async (request) => {
      const { customerId, role, repId, ttlSeconds } = request.body;
      const { customer, key } = await withTenant(app.sql, request.tenantId, async (tx) => {
        const [found] = await tx<{ tokensValidAfter: Date | null }[]>`
          select tokens_valid_after as "tokensValidAfter" from customers where tenant_id = ${request.tenantId} and external_id = ${customerId}`;
        return { customer: found, key: found ? await activeEmbedKey(tx, request.tenantId) : null };
      });
      if (!customer) throw notFound('customer');
      if (!key) throw notFound('active embed key');
      // `iat` is in whole seconds: right after a revocation, round it up so the new token is not revoked too.
      const cutoffMs = customer.tokensValidAfter?.getTime() ?? 0;
      const now = new Date(Math.max(Date.now(), Math.ceil(cutoffMs / 1000) * 1000));
      return signEmbedToken({ tenantId: request.tenantId, keyId: key.id, secret: key.secret, customerId, role, repId, ttlSeconds, now });
    },
  });
}
