/**
 * A write transaction bounded by its request's handler timeout. Past the timeout Fastify has already
 * answered 503 and aborted `request.signal`; the transaction must then not commit, or the caller would be
 * told "failed" about a batch that was written. So:
 * - each statement gets PostgreSQL's `statement_timeout` of the whole budget, so a stuck statement is
 *   cancelled instead of holding its locks (PGlite ignores it: it cannot interrupt a statement);
 * - before COMMIT the signal is checked, and a timed-out request rolls back.
 * What is left is the instant between that check and the COMMIT reaching the server; a retry then finds
 * the batch already written and answers "unchanged", which is why every batch is an upsert.
 *
 * When the connection itself is lost (the database restarted, the backend was killed, the network cut),
 * the server rolls the transaction back on its own. postgres.js 3.4.9 would still write a ROLLBACK to the
 * closed socket from a setImmediate callback and crash the process (porsager/postgres#1154, #1208; fixes
 * proposed in #1209 and #1215): so on a lost connection the work below never settles, postgres.js writes
 * nothing, and `sql.begin` rejects by itself when it sees the connection close.
 */
import type { FastifyRequest } from 'fastify';
import type { Sql, TransactionSql } from 'postgres';

const CONNECTION_LOST = new Set(['CONNECTION_CLOSED', 'CONNECTION_DESTROYED', 'CONNECTION_ENDED', 'ECONNRESET', 'EPIPE', '57P01', '57P02', '57P03']);
const connectionLost = (error: unknown) => {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && (CONNECTION_LOST.has(code) || /^08\d{3}$/.test(code));
};

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
  try {
    const result = await sql.begin(async (tx) => {
      if (timedOut()) throw new HandlerTimedOut();
      if (budgetMs > 0) await tx`select set_config('statement_timeout', ${String(budgetMs)}, true)`;
      let value: T;
      try {
        value = await work(tx);
      } catch (error) {
        // See above: leave the dead connection alone; sql.begin rejects with CONNECTION_CLOSED itself.
        if (connectionLost(error)) return new Promise<never>(() => {});
        throw error;
      }
      if (timedOut()) throw new HandlerTimedOut();
      return [value] as const;
    });
    return result[0];
  } catch (error) {
    // Fastify has answered 503 already and the transaction is rolled back: a second answer would replace
    // the first with a generic one, so this request's handler ends here, without one.
    if (timedOut()) return new Promise<never>(() => {});
    throw error;
  }
}
