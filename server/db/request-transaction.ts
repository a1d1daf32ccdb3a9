/**
 * A write transaction of the request's tenant, bounded by its request's handler timeout. Past the timeout
 * Fastify has already answered 503 and aborted `request.signal`; the transaction must then not commit, or the caller would be
 * told "failed" about a batch that was written. So:
 * - each statement gets PostgreSQL's `statement_timeout` of the whole budget, so a stuck statement is
 *   cancelled instead of holding its locks (PGlite ignores it: it cannot interrupt a statement);
 * - before COMMIT the signal is checked, and a timed-out request rolls back.
 * What is left is the instant between that check and the COMMIT reaching the server; a retry then finds
 * the batch already written and answers "unchanged", which is why every batch is an upsert.
 *
 * A lost connection is handled as in every tenant transaction (lost-connection.ts).
 *
 * A deadlock or serialization failure is retried, up to three attempts in all: PostgreSQL rolled the transaction
 * back whole, and the same work succeeds once the other transaction is done. Batches sent at once may meet on the
 * same rows (the same externalId in two batches, listed in different orders). What is still failing after that is
 * answered 503 with Retry-After (plugins/errors.ts).
 */
import type { FastifyRequest } from 'fastify';
import type { Sql, TransactionSql } from 'postgres';
import { withTenant } from './tenant-scope.ts';

export class HandlerTimedOut extends Error {
  readonly code = 'FST_ERR_HANDLER_TIMEOUT';
  constructor() {
    super('the handler timeout passed before the transaction could commit; rolled back');
  }
}

export async function requestTransaction<T>(sql: Sql, request: FastifyRequest, work: (tx: TransactionSql) => Promise<T>): Promise<T> {
  const budgetMs = request.routeOptions.handlerTimeout;
  // request.signal is made on first use; without a handler timeout there is nothing to watch. It also aborts
  // when the request stream closes, which over HTTP is as soon as the body has been read: only the
  // handler timeout's own reason counts here.
  const signal = budgetMs > 0 ? request.signal : null;
  const timedOut = () => (signal?.reason as { code?: unknown } | undefined)?.code === 'FST_ERR_HANDLER_TIMEOUT';
  for (let attempt = 1; ; attempt += 1) {
    try {
      // The caller's tenant, for row-level security: the batch writes that tenant's rows or none.
      return await withTenant(sql, request.tenantId, async (tx) => {
        if (timedOut()) throw new HandlerTimedOut();
        if (budgetMs > 0) await tx`select set_config('statement_timeout', ${String(budgetMs)}, true)`;
        const value = await work(tx);
        if (timedOut()) throw new HandlerTimedOut();
        return value;
      });
    } catch (error) {
      // Fastify has answered 503 already and the transaction is rolled back: a second answer would replace
      // the first with a generic one, so this request's handler ends here, without one.
      if (timedOut()) return new Promise<never>(() => {});
      if (attempt < ATTEMPTS && isTransactionConflict((error as { code?: string }).code)) {
        request.log.warn({ err: error, attempt }, 'transaction conflict; retrying');
        continue;
      }
      throw error;
    }
  }
}

const ATTEMPTS = 3;

/** PostgreSQL's deadlock_detected and serialization_failure: the transaction lost to another and was rolled back. */
export const isTransactionConflict = (code: string | undefined): boolean => code === '40P01' || code === '40001';
