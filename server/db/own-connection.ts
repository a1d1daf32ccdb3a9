/**
 * The per-request lookups run as one statement each, on a connection reserved for it rather than as a
 * statement of the pool. postgres.js pipelines the pool's statements onto busy connections, and a BEGIN of
 * `sql.begin` pipelined that way can miss its connection's reservation (porsager/postgres#823, #1189): the
 * transaction then fails with UNSAFE_TRANSACTION, or leaks into the pool. The interleaved-requests test of
 * row-level security caught it once /v1/me added a second such lookup per request.
 */
import type { Sql } from 'postgres';
import type { Queryable } from './connect.ts';
import { isTransaction } from './tenant-scope.ts';

/** Runs `work` on a connection of its own (or in the caller's transaction, when it is one). */
export async function onOwnConnection<T>(sql: Queryable, work: (connection: Queryable) => Promise<T>): Promise<T> {
  if (isTransaction(sql)) return work(sql);
  const connection = await (sql as Sql).reserve();
  try {
    return await work(connection as unknown as Queryable);
  } finally {
    connection.release();
  }
}
