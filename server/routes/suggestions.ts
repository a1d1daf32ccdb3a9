import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ErrorResponseSchema, ExternalIdSchema } from '../../shared/schemas/common.ts';
import { VendorSuggestionsSchema } from '../../shared/schemas/suggestions.ts';
import { notFound } from '../http-error.ts';
import { vendorSuggestions } from '../scoring/suggestions.ts';

export default async function suggestionRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();

  app.get('/v1/customers/:customerId/suggestions', {
    config: { auth: 'apiKey' },
    schema: {
      tags: ['customers'],
      summary: "A customer's suggestions, and why each was chosen",
      description:
        'Ranked when read, from the co-adoption model of the last scoring run, the catalogue (POST /v1/products) and the ' +
        "customer's own orders, plans and scores. Each suggestion carries the counts behind its chance in all customers and in " +
        "each of the customer's segments (industry, size, plan), its lift, margin and projected effect; `excluded` says why " +
        'every other catalogue product is not suggested. Customers see the same ranking, without `why` and `excluded`, in ' +
        'GET /v1/me `suggestions`.',
      security: [{ apiKey: [] }],
      params: z.strictObject({ customerId: ExternalIdSchema }),
      response: { 200: VendorSuggestionsSchema, 401: ErrorResponseSchema, 404: ErrorResponseSchema },
    },
    handler: async (request) => {
      const suggestions = await vendorSuggestions(app.sql, request.tenantId, request.params.customerId, app.clock());
      if (!suggestions) throw notFound('customer');
      return suggestions;
    },
  });
}
