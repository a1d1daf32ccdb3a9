/**
 * The one place where errors become HTTP answers: `{"error": {"code", "message", "details"}}`.
 * Messages are shown to the caller only below 500; a server fault is logged and answered generically.
 */
import fp from 'fastify-plugin';
import type { FastifyError, FastifyInstance } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { HttpError } from '../http-error.ts';
import { isTransactionConflict } from '../db/request-transaction.ts';

interface ValidationIssue {
  instancePath: string;
  message?: string;
  keyword: string;
  params: Record<string, unknown>;
}

/** "/items/3/amount" -> { path: "items[3].amount", index: 3, field: "amount" } */
function describeIssue(where: string, issue: ValidationIssue): Record<string, unknown> {
  const segments = issue.instancePath.split('/').filter(Boolean);
  const unknownKeys = issue.keyword === 'unrecognized_keys' ? (issue.params.keys as string[] | undefined) : undefined;
  const fieldSegments = unknownKeys ? [...segments, unknownKeys.join(',')] : segments;
  const path = fieldSegments.reduce((text, segment) => (/^\d+$/.test(segment) ? `${text}[${segment}]` : text ? `${text}.${segment}` : segment), '');
  const detail: Record<string, unknown> = { in: where, path, field: fieldSegments.filter((s) => !/^\d+$/.test(s)).at(-1) ?? where };
  if (segments[0] === 'items' && segments[1] !== undefined && /^\d+$/.test(segments[1])) detail.index = Number(segments[1]);
  detail.message = unknownKeys ? `unknown field ${unknownKeys.map((key) => `"${key}"`).join(', ')}` : (issue.message ?? 'invalid');
  return detail;
}

// The database went away under the request (restart, failover, a killed backend, the network): the
// transaction was rolled back by the server, so the caller may simply retry.
const DATABASE_GONE = new Set(['CONNECTION_CLOSED', 'CONNECTION_DESTROYED', 'CONNECTION_ENDED', 'CONNECT_TIMEOUT', 'ECONNREFUSED', 'ECONNRESET', 'EPIPE', '57P01', '57P02', '57P03']);
const isDatabaseGone = (code: string | undefined) => code !== undefined && (DATABASE_GONE.has(code) || /^08\d{3}$/.test(code));
// The route ran past its handler timeout (Fastify's own 503, or PostgreSQL cancelling the statement).
const isTimeout = (code: string | undefined) => code === 'FST_ERR_HANDLER_TIMEOUT' || code === '57014';

async function errors(app: FastifyInstance) {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (error instanceof HttpError) {
      return reply.code(error.statusCode).send({ error: { code: error.code, message: error.message, details: error.details } });
    }
    if (hasZodFastifySchemaValidationErrors(error)) {
      const where = error.validationContext ?? 'body';
      const details = error.validation.map((issue) => describeIssue(where, issue as unknown as ValidationIssue));
      const first = details[0];
      const message = `invalid ${where}: ${details.length} problem${details.length === 1 ? '' : 's'}, first at ${String(first?.path || where)}: ${String(first?.message)}`;
      return reply.code(400).send({ error: { code: 'invalid_request', message, details } });
    }
    if (isTimeout(error.code)) {
      request.log.warn({ err: error }, 'request timed out');
      return reply.code(503).send({ error: { code: 'timeout', message: 'the request took too long and was stopped; a batch is written whole or not at all, so retry it' } });
    }
    if (isTransactionConflict(error.code)) {
      request.log.warn({ err: error }, 'transaction conflict after retries');
      return reply.code(503).header('retry-after', '1').send({ error: { code: 'database_conflict', message: 'the request met other writes to the same rows and was rolled back; retry it (a batch is written whole or not at all)' } });
    }
    if (isDatabaseGone(error.code)) {
      request.log.error({ err: error }, 'database unavailable');
      return reply.code(503).header('retry-after', '1').send({ error: { code: 'database_unavailable', message: 'the database is unavailable; retry the request (a batch is written whole or not at all)' } });
    }
    const status = error.statusCode ?? 500;
    if (status >= 500) {
      request.log.error({ err: error }, 'request failed');
      return reply.code(status).send({ error: { code: 'internal_error', message: 'internal server error' } });
    }
    // Fastify's own 4xx (malformed JSON, body too large, unsupported media type) carry safe messages.
    const code = (error.code ?? 'bad_request').replace(/^FST_(ERR_)?/, '').toLowerCase();
    return reply.code(status).send({ error: { code, message: error.message } });
  });

  app.setNotFoundHandler((request, reply) => {
    reply.code(404).send({ error: { code: 'not_found', message: `no route ${request.method} ${request.url.split('?')[0]}` } });
  });
}

export default fp(errors, { name: 'errors' });
