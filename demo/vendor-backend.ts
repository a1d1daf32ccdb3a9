/**
 * The demo vendor's backend: serves the "Acme Cloud" pages and plays the part a real vendor's backend
 * plays, minting embed tokens server-side for whichever customer is "signed in". The browser never
 * sees the API key or the embed secret. Registered only when OPENBOOK_DEMO=1 (npm start) or in tests.
 */
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ExternalIdSchema } from '../shared/schemas/common.ts';
import { EmbedTokenResponseSchema } from '../shared/schemas/embed-tokens.ts';
import { listCustomers } from '../server/db/customer-repository.ts';
import { activeEmbedKey } from '../server/db/tenant-repository.ts';
import { signEmbedToken } from '../server/embed-token.ts';
import { notFound } from '../server/http-error.ts';

const PAGES_DIR = fileURLToPath(new URL('./public/', import.meta.url));
const DEMO_CUSTOMER_LIST_LIMIT = 50;

export default async function demoRoutes(fastify: FastifyInstance, { tenantId }: { tenantId: string }) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();

  app.get('/', { config: { auth: 'none' }, schema: { hide: true } }, async (_request, reply) => reply.redirect('/demo/'));

  app.get('/demo/', { config: { auth: 'none' }, schema: { hide: true } }, async (_request, reply) => reply.sendFile('index.html', PAGES_DIR));

  app.get('/demo/assets/*', {
    config: { auth: 'none' },
    schema: { hide: true, params: z.object({ '*': z.string() }) },
    handler: async (request, reply) => reply.sendFile(request.params['*'], PAGES_DIR),
  });

  // The fake vendor's own "who can sign in" list: in a real product this is the vendor's login.
  app.get('/demo/api/customers', {
    config: { auth: 'none' },
    schema: { hide: true, response: { 200: z.object({ customers: z.array(z.object({ id: z.string(), name: z.string().nullable() })) }) } },
    handler: async () => ({ customers: await listCustomers(app.sql, tenantId, DEMO_CUSTOMER_LIST_LIMIT) }),
  });

  app.post('/demo/api/session', {
    config: { auth: 'none' },
    schema: { hide: true, body: z.strictObject({ customerId: ExternalIdSchema }), response: { 200: EmbedTokenResponseSchema } },
    handler: async (request) => {
      const { customerId } = request.body;
      const [customer] = await app.sql`select 1 from customers where tenant_id = ${tenantId} and external_id = ${customerId}`;
      if (!customer) throw notFound('customer');
      const key = await activeEmbedKey(app.sql, tenantId);
      if (!key) throw notFound('embed key');
      return signEmbedToken({ tenantId, keyId: key.id, secret: key.secret, customerId, role: 'customer' });
    },
  });
}
