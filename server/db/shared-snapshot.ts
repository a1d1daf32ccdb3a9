/**
 * A second transaction that sees exactly what a first one sees (its exported snapshot), on a connection of
 * its own: two halves of a long read then run on two of the server's cores at once and still agree with
 * each other (GET /v1/metrics).
 *
 * Only a pool given a snapshot pool (`useSnapshotPool`) runs the halves at once. The embedded database
 * serves every client from one session, where a second transaction waits for the first to end, so there
 * the second half runs in the first transaction, after what is already queued on it.
 *
 * The snapshot pool serves only these second transactions. Taken from the pool of the first ones, they
 * could wait forever: every connection held by a first transaction that waits for its second.
 */
import type { Sql, TransactionSql } from 'postgres';
import { withTenant } from './tenant-scope.ts';

const snapshotPools = new WeakMap<Sql, Sql>();

/** Gives `pool` a pool for second transactions, `snapshots` (same server and role), closed by its owner. */
export function useSnapshotPool(pool: Sql, snapshots: Sql): void {
  snapshotPools.set(pool, snapshots);
}

export function snapshotPoolOf(pool: Sql): Sql | undefined {
  return snapshotPools.get(pool);
}

/** Runs a part of a read in a transaction that sees what the read's own transaction sees. */
export type Alongside = <T>(work: (tx: TransactionSql) => Promise<T>) => Promise<T>;

// What pg_export_snapshot answers ("00000003-0000001B-1"): checked, since SET TRANSACTION SNAPSHOT takes no parameter.
const SNAPSHOT_ID = /^[0-9A-F]+-[0-9A-F]+(?:-[0-9]+)?$/;

/**
 * Runs `work` for `tenantId` in a read-only transaction of `pool`'s snapshot pool that imports the snapshot
 * of `tx`, a REPEATABLE READ transaction of the same tenant (it must stay open until `work` is done); or
 * in `tx` itself where the pool has no snapshot pool.
 */
export async function alongsideOf<T>(pool: Sql, tx: TransactionSql, tenantId: string, work: (tx: TransactionSql) => Promise<T>): Promise<T> {
  const snapshots = snapshotPools.get(pool);
  if (!snapshots) return work(tx);
  const [exported] = await tx<Array<{ id: string }>>`select pg_export_snapshot() as id`;
  const id = exported?.id ?? '';
  if (!SNAPSHOT_ID.test(id)) throw new Error(`unexpected snapshot id from pg_export_snapshot: ${JSON.stringify(id)}`);
  // postgres.js types begin's result as the callback's result with arrays unwrapped: hence the tuple.
  const [result] = await snapshots.begin('isolation level repeatable read read only', async (side) => {
    // Before any other statement of the transaction, as SET TRANSACTION SNAPSHOT requires.
    await side.unsafe(`set transaction snapshot '${id}'`);
    return [await withTenant(side, tenantId, work)] as const;
  });
  return result as T;
}
