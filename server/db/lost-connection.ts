/**
 * When the connection under a transaction is lost (the database restarted, the backend was killed, the
 * network cut), the server rolls the transaction back on its own. postgres.js 3.4.9 would still write a
 * ROLLBACK to the closed socket from a setImmediate callback and crash the process (porsager/postgres#1154,
 * #1208; fixes proposed in #1209 and #1215). So a transaction's work that failed because the connection is
 * gone must never settle: postgres.js then writes nothing, and `sql.begin` rejects by itself when it sees
 * the connection close.
 */
const CONNECTION_LOST = new Set(['CONNECTION_CLOSED', 'CONNECTION_DESTROYED', 'CONNECTION_ENDED', 'ECONNRESET', 'EPIPE', '57P01', '57P02', '57P03']);

export function connectionLost(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && (CONNECTION_LOST.has(code) || /^08\d{3}$/.test(code));
}

/** Rethrows `error`, unless the connection is gone: then a promise that never settles (see above). */
export function failTransaction(error: unknown): Promise<never> {
  if (connectionLost(error)) return new Promise<never>(() => {});
  throw error;
}
