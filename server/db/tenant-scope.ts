/**
 * The tenant of a transaction, for row-level security (migration 0011): every policy compares a row's
 * tenant_id with `openbook.tenant_id`, set here with set_config(..., true) so that it ends with the
 * transaction and never reaches the next user of the pooled connection. Work run without it, as the
 * server's role, sees no tenant row at all.
 */
import type { Sql, TransactionSql } from 'postgres';
import type { Queryable } from './connect.ts';
import { failTransaction } from './lost-connection.ts';

/** The role the server's own connections run as; created by migration 0011. */
export const APP_ROLE = 'openbook_app';

/** True when `sql` is already a transaction (postgres.js gives transactions `savepoint`, pools `begin`). */
export const isTransaction = (sql: Queryable): sql is TransactionSql => 'savepoint' in sql;

/** Names the tenant of the transaction `tx` until it ends. */
export async function enterTenant(tx: TransactionSql, tenantId: string): Promise<void> {
  await tx`select set_config('openbook.tenant_id', ${tenantId}, true)`;
}

/**
 * Runs `work` in a transaction of `tenantId`: a new one on a pool (at `isolation` when given), or the
 * caller's own transaction (which then belongs to this tenant from here on).
 */
export async function withTenant<T>(
  sql: Queryable,
  tenantId: string,
  work: (tx: TransactionSql) => Promise<T>,
  { isolation }: { isolation?: 'repeatable read' | 'serializable' } = {},
): Promise<T> {
  if (isTransaction(sql)) {
    await enterTenant(sql, tenantId);
    return work(sql);
  }
  // postgres.js types begin's result as the callback's result with arrays unwrapped: hence the tuple.
  const [result] = await (sql as Sql).begin(isolation ? `isolation level ${isolation}` : '', async (tx) => {
    try {
      // Sent now, not awaited: the work's first queries follow it on the same connection without waiting a
      // round trip. (postgres.js sends a query a turn after it is first awaited: the work must start its
      // queries with `await`, as an async function does, not chain `.then` on them at once, or they would
      // overtake this one and run without the tenant, finding nothing.) Should it fail, the transaction is aborted and those queries fail too (25P02), so none
      // of them ever runs without the tenant.
      const entered = enterTenant(tx, tenantId);
      entered.catch(() => {}); // awaited below; until then its failure must not count as unhandled
      // A query started with `.forEach` or `.cursor` is sent a turn earlier than an awaited one (`await`
      // calls `then` a microtask later): the work starts a turn later, so that even those follow this one.
      await null;
      const value = await work(tx);
      await entered;
      return [value] as const;
    } catch (error) {
      return failTransaction(error);
    }
  });
  return result as T;
}
