import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ErrorResponseSchema, ExternalIdSchema } from '../../shared/schemas/common.ts';
import { VendorSuggestionsSchema } from '../../shared/schemas/suggestions.ts';
import { WhatIfInputsSchema } from '../../shared/schemas/what-if.ts';
import { notFound } from '../http-error.ts';
import { vendorSuggestions, whatIfInputs } from '../scoring/suggestions.ts';
import { withTenant } from '../db/tenant-scope.ts';

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
      const suggestions = await withTenant(app.sql, request.tenantId, (tx) => vendorSuggestions(tx, request.tenantId, request.params.customerId, app.clock()));
      if (!suggestions) throw notFound('customer');
      return suggestions;
    },
  });

  app.get('/v1/me/what-if', {
    config: { auth: 'embed' },
    schema: {
      tags: ['widget'],
      summary: "The inputs of the what-if simulator for the token's customer",
      description:
        'The customer\'s model inputs (BG/NBD, spend per purchase, horizon, discount rate), their loyalty inputs (kept orders, ' +
        'products, milestones, redemptions, override, the program) and the products they could add with the share of purchases ' +
        'each would join: `whatIf` of shared/suggestions/what-if.ts computes the predicted value, tier and milestone dates from ' +
        'them in the browser, exactly as the server does.',
      security: [{ embedToken: [] }],
      querystring: z.strictObject({}),
      response: { 200: WhatIfInputsSchema, 401: ErrorResponseSchema, 404: ErrorResponseSchema },
    },
    handler: async (request) => {
      const embed = request.embed;
      const audience = embed?.role === 'rep' ? 'vendor' : 'customer';
      const inputs = embed && (await withTenant(app.sql, request.tenantId, (tx) => whatIfInputs(tx, request.tenantId, embed.customerId, app.clock(), audience)));
      if (!inputs) throw notFound('customer');
      return inputs;
    },
  });
}
