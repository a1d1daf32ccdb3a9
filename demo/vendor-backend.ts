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
import { HttpError, notFound } from '../server/http-error.ts';
import { withTenant } from '../server/db/tenant-scope.ts';

const PAGES_DIR = fileURLToPath(new URL('./public/', import.meta.url));
const DEMO_CUSTOMER_LIST_LIMIT = 50;

export interface DemoOptions {
  tenantId: string;
  /** The demo vendor's own API key: its backend calls the public API with it, never the browser. */
  apiKey: string;
}

const CHART_JS = fileURLToPath(new URL('../node_modules/chart.js/dist/', import.meta.url));
const REP_CUSTOMER_LIMIT = 500;
/** The rep signed in to the demo's success console; a real vendor takes it from its staff login. */
export const DEMO_REP_ID = 'rep-demo';

export default async function demoRoutes(fastify: FastifyInstance, { tenantId, apiKey }: DemoOptions) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  /** Calls the public API as the vendor's backend would, with the vendor's key. */
  const callApi = async (url: string) => {
    const response = await app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${apiKey}` } });
    if (response.statusCode !== 200) throw new HttpError(response.statusCode, 'demo_backend', `the API answered ${response.statusCode} to ${url}`);
    return response.json() as unknown;
  };

  app.get('/', { config: { auth: 'none' }, schema: { hide: true } }, async (_request, reply) => reply.redirect('/demo/'));

  app.get('/demo/', { config: { auth: 'none' }, schema: { hide: true } }, async (_request, reply) => reply.sendFile('index.html', PAGES_DIR));

  app.get('/demo/rep.html', { config: { auth: 'none' }, schema: { hide: true } }, async (_request, reply) => reply.sendFile('rep.html', PAGES_DIR));

  // chart.js for the rep console's charts (the widget bundles its own copy, loaded lazily).
  app.get('/demo/assets/vendor/chart.umd.min.js', { config: { auth: 'none' }, schema: { hide: true } }, async (_request, reply) =>
    reply.sendFile('chart.umd.min.js', CHART_JS),
  );

  // The rep console's data. In a real product these sit behind the vendor's staff login.
  app.get('/demo/api/rep/metrics', {
    config: { auth: 'none' },
    schema: { hide: true, querystring: z.strictObject({ months: z.coerce.number().int().min(1).max(36).default(12) }) },
    handler: async (request) => {
      const from = new Date(app.clock().getTime());
      from.setUTCMonth(from.getUTCMonth() - (request.query.months - 1), 1);
      const since = from.toISOString().slice(0, 10);
      return callApi(`/v1/metrics?interval=month&from=${since}&segment=industry`);
    },
  });

  app.get('/demo/api/rep/customers', {
    config: { auth: 'none' },
    schema: { hide: true },
    handler: async () => {
      const rows = await withTenant(app.sql, tenantId, (tx) => tx`
        select c.external_id as id, c.name, c.industry,
               coalesce((select sum(amount) filter (where status = 'paid') from orders o
                         where o.tenant_id = c.tenant_id and o.customer_id = c.external_id), 0)::float8 as realised,
               s.predicted_value::float8 as predicted, s.p_alive as "pAlive", l.stage, l.tier_id as tier
        from customers c
        left join customer_scores s on s.tenant_id = c.tenant_id and s.customer_id = c.external_id
        left join customer_loyalty l on l.tenant_id = c.tenant_id and l.customer_id = c.external_id
        where c.tenant_id = ${tenantId}
        order by s.predicted_value desc nulls last
        limit ${REP_CUSTOMER_LIMIT}`);
      return { customers: rows };
    },
  });

  app.get('/demo/assets/*', {
    config: { auth: 'none' },
    schema: { hide: true, params: z.object({ '*': z.string() }) },
    handler: async (request, reply) => reply.sendFile(request.params['*'], PAGES_DIR),
  });

  // The fake vendor's own "who can sign in" list: in a real product this is the vendor's login.
  app.get('/demo/api/customers', {
    config: { auth: 'none' },
    schema: { hide: true, response: { 200: z.object({ customers: z.array(z.object({ id: z.string(), name: z.string().nullable() })) }) } },
    handler: async () => ({ customers: await withTenant(app.sql, tenantId, (tx) => listCustomers(tx, tenantId, DEMO_CUSTOMER_LIST_LIMIT)) }),
  });

  /** An embed token for one of the demo tenant's customers, seen by the customer or by the demo's rep. */
  const mint = async (customerId: string, role: 'customer' | 'rep') => {
    const key = await withTenant(app.sql, tenantId, async (tx) => {
      const [customer] = await tx`select 1 from customers where tenant_id = ${tenantId} and external_id = ${customerId}`;
      if (!customer) throw notFound('customer');
      return activeEmbedKey(tx, tenantId);
    });
    if (!key) throw notFound('embed key');
    const repId = role === 'rep' ? DEMO_REP_ID : undefined;
    return signEmbedToken({ tenantId, keyId: key.id, secret: key.secret, customerId, role, repId });
  };

  // `role: "rep"`: the success console opens a customer's widget as the vendor's rep, with a rep token that
  // the goals section answers and proposes with. In a real product that sits behind the vendor's staff login.
  // (One route for both, rather than a rep route of its own: every route is in the table of
  // server/authorization.test.ts, and this one is there already.)
  app.post('/demo/api/session', {
    config: { auth: 'none' },
    schema: {
      hide: true,
      body: z.strictObject({ customerId: ExternalIdSchema, role: z.enum(['customer', 'rep']).default('customer') }),
      response: { 200: EmbedTokenResponseSchema },
    },
    handler: async (request) => mint(request.body.customerId, request.body.role),
  });
}
