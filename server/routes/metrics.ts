/** GET /v1/metrics: the vendor's retention and value metrics per month or quarter. */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { ErrorResponseSchema } from '../../shared/schemas/common.ts';
import { MAX_METRIC_MONTHS, MetricsQuerySchema, MetricsResponseSchema } from '../../shared/schemas/metrics.ts';
import { loadMetricAggregates } from '../db/metrics-repository.ts';
import { findTenant } from '../db/tenant-repository.ts';
import { HttpError, unauthorized } from '../http-error.ts';
import { assembleMetrics } from '../metrics/assemble.ts';
import { buildCalendar, localDate, monthsSpanned } from '../metrics/calendar.ts';
import { withTenant } from '../db/tenant-scope.ts';
import { alongsideOf } from '../db/shared-snapshot.ts';

const invalidQuery = (field: string, message: string) =>
  new HttpError(400, 'invalid_request', `invalid querystring: ${field}: ${message}`, [{ in: 'querystring', path: field, field, message }]);

export default async function metricsRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();

  app.get('/v1/metrics', {
    config: { auth: 'apiKey' },
    schema: {
      tags: ['metrics'],
      summary: "The vendor's retention and value metrics, per month or quarter",
      description:
        'Customer and revenue (MRR) retention and churn, order value and repeat purchases, NPS, CAC and CLV:CAC per ' +
        'period; cumulative revenue of each monthly acquisition cohort against its CAC; revenue concentration; and ' +
        'average CLV by segment. Every figure is computed in the database from the data sent with the POST routes; ' +
        'each field below gives its definition.',
      security: [{ apiKey: [] }],
      querystring: MetricsQuerySchema,
      response: { 200: MetricsResponseSchema, 400: ErrorResponseSchema, 401: ErrorResponseSchema },
    },
    handler: async (request) => {
      const { interval, segment } = request.query;
      const tenant = await withTenant(app.sql, request.tenantId, (tx) => findTenant(tx, request.tenantId));
      if (!tenant) throw unauthorized('invalid API key');
      const clock = app.clock();
      const today = localDate(clock, tenant.timeZone);
      const to = request.query.to ?? today;
      const { from } = request.query;
      if (from !== undefined && from > to) throw invalidQuery('from', 'must not be after to');
      if (from !== undefined && monthsSpanned(from, to) > MAX_METRIC_MONTHS) {
        throw invalidQuery('from', `the range may span at most ${MAX_METRIC_MONTHS} months`);
      }
      const calendar = buildCalendar({ from, to, interval, today });
      // One snapshot for every statement, so the figures agree with each other; part of them are read
      // alongside, in a second transaction that shares it.
      const aggregates = await withTenant(
        app.sql,
        tenant.id,
        (tx) =>
          loadMetricAggregates(tx, { tenantId: tenant.id, timeZone: tenant.timeZone, calendar, clock, segment }, (work) =>
            alongsideOf(app.sql, tx, tenant.id, work),
          ),
        { isolation: 'repeatable read' },
      );
      return assembleMetrics({
        aggregates,
        calendar,
        clock,
        tenant: { currency: tenant.currency.trim(), timeZone: tenant.timeZone, lifespanYears: tenant.expectedLifespanYears },
        interval,
        segment,
      });
    },
  });
}
