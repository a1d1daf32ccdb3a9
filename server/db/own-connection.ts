/**
 * The per-request lookups run as one statement each, never as a statement of the pool that runs
 * transactions. postgres.js pipelines the pool's statements onto busy connections, and a BEGIN of
 * `sql.begin` pipelined that way can miss its connection's reservation (porsager/postgres#823, #1189): the
 * transaction then fails with UNSAFE_TRANSACTION, or leaks into the pool. The interleaved-requests test of
 * row-level security caught it once /v1/me added a second such lookup per request.
 *
 * A pool opened with `useStatementPool` gets a second pool of its own for these statements, which never
 * runs a transaction: there postgres.js may pipeline them, and write several requests' statements to the
 * socket at once. A pool without one reserves a connection per statement.
 */
import type { Sql } from 'postgres';
import type { Queryable } from './connect.ts';
import { isTransaction } from './tenant-scope.ts';

const statementPools = new WeakMap<Sql, Sql>();

/** Gives `pool` a pool of single statements, `statements` (same server and role), closed by its owner. */
export function useStatementPool(pool: Sql, statements: Sql): void {
  statementPools.set(pool, statements);
}

export function statementPoolOf(pool: Sql): Sql | undefined {
  return statementPools.get(pool);
}

/** Runs `work`, one statement, apart from the pool's transactions (or in the caller's transaction, when it is one). */
export async function onOwnConnection<T>(sql: Queryable, work: (connection: Queryable) => Promise<T>): Promise<T> {
  if (isTransaction(sql)) return work(sql);
  const statements = statementPools.get(sql as Sql);
  if (statements) return work(statements);
  const connection = await (sql as Sql).reserve();
  try {
    return await work(connection as unknown as Queryable);
  } finally {
    connection.release();
  }
}
