import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ErrorResponseSchema, ExternalIdSchema } from '../../shared/schemas/common.ts';
import { CustomerValueSchema } from '../../shared/schemas/customer-value.ts';
import { loadCustomerValue } from '../db/customer-value-repository.ts';
import { notFound } from '../http-error.ts';
import { customerSuggestions } from '../scoring/suggestions.ts';
import { withTenant } from '../db/tenant-scope.ts';
import { beginStoringView, storeView, viewAudienceOf } from '../db/stored-view-repository.ts';
import { nextTenureDayAt } from '../../shared/clv/customer-figures.ts';
import { gzipJson, sendGzippedJson } from '../gzipped-json.ts';

export default async function customerValueRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const errors = { 401: ErrorResponseSchema, 404: ErrorResponseSchema };

  app.get('/v1/me', {
    config: { auth: 'embed', storedView: true },
    schema: {
      tags: ['widget'],
      summary: "The token's customer: every figure the widget shows, with its inputs",
      description: 'Sent gzipped (`Content-Encoding: gzip`) to a client whose `Accept-Encoding` accepts gzip, as browsers do.',
      security: [{ embedToken: [] }],
      // Nothing in the request may name a customer: it comes from the token alone.
      querystring: z.strictObject({}),
      response: { 200: CustomerValueSchema, ...errors },
    },
    // Not async: the stored answer, the usual visit, is sent at once and nothing is returned. A returned reply
    // is a thenable, and Fastify then waits for the response's end through stream listeners added and removed
    // per request (about 9% of the server's CPU under `npm run bench -- me`). An async handler that returns
    // nothing is no better: Fastify would send again if the onSend hooks had not finished.
    handler: (request, reply) => {
      // Already JSON of the response schema, gzipped: sent as it is (a Buffer skips Fastify's serializer).
      if (request.storedView) {
        sendGzippedJson(request, reply, request.storedView);
        return;
      }
      // A first visit returns the reply it sends, as an async handler would (`async` here only for the route's
      // handler type, which takes a promise of the reply but not the reply's own type).
      return computeAndStoreAnswer(request).then(async (answer) => sendGzippedJson(request, reply, answer));
    },
  });

  /**
   * The answer of a visit with no stored answer that is current: computed now, and stored for the next visits
   * while nothing it was computed from changes.
   */
  function computeAndStoreAnswer(request: FastifyRequest): Promise<Buffer> {
    // The customer comes from the verified token's `sub`, never from the request.
    const customerId = request.embed?.customerId ?? '';
    const tenantId = request.tenantId;
    // Reps are the vendor's own people: they see what the vendor sees; customers what it discloses.
    const audience = viewAudienceOf(request.embed?.role ?? 'customer');
    const asOf = app.clock();
    return withTenant(app.sql, tenantId, async (tx) => {
      const versions = beginStoringView(tx, tenantId, customerId);
      // Asked together, so their queries go out back to back on the connection (one wait, not two).
      // Suggestions (issue 5) are ranked on read; absent for a tenant without a catalogue.
      const [value, suggestions] = await Promise.all([
        loadCustomerValue(tx, tenantId, customerId, asOf, audience),
        customerSuggestions(tx, tenantId, customerId, asOf),
      ]);
      if (!value) throw notFound('customer');
      // Serialized here with the response schema, as Fastify would, so that what is stored is what is sent.
      const answer = gzipJson(JSON.stringify(CustomerValueSchema.parse(suggestions ? { ...value, suggestions } : value)));
      const since = value.figures.tenure.since;
      const changesAt = since ? nextTenureDayAt(new Date(since), asOf) : null;
      await storeView(tx, { tenantId, customerId, audience, versions: await versions, computedAt: asOf, changesAt, bodyGzip: answer });
      return answer;
    });
  }

  app.get('/v1/customers/:customerId/value', {
    config: { auth: 'apiKey' },
    schema: {
      tags: ['customers'],
      summary: 'The value view of one customer, for the vendor',
      security: [{ apiKey: [] }],
      params: z.strictObject({ customerId: ExternalIdSchema }),
      response: { 200: CustomerValueSchema, ...errors },
    },
    handler: async (request) => {
      const value = await withTenant(app.sql, request.tenantId, (tx) => loadCustomerValue(tx, request.tenantId, request.params.customerId, app.clock(), 'vendor'));
      if (!value) throw notFound('customer');
      return value;
    },
  });
}
