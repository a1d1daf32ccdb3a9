/**
 * A PostgreSQL wire-protocol server in front of one embedded PGlite database, so that the server, the
 * CLI and the tests reach the embedded database through the same `postgres` package as a real server.
 *
 * Why not PGLiteSocketServer's own multiplexer: it queues single protocol messages, so two clients'
 * extended-protocol exchanges (Parse/Bind/Execute on the unnamed portal) can interleave and run each
 * other's statements. PGlite has one backend session, so here a client holds the database from its
 * first message until its exchange is complete (Sync or a simple Query) and, if that left a transaction
 * open, until the transaction ends. Other clients wait their turn. That gives every client the
 * behaviour of its own session as long as no session state outlives a transaction (postgres.js names
 * its prepared statements uniquely per connection, so those do not collide). The one session setting a
 * client may choose is its role (the startup parameter `role`, as PostgreSQL itself accepts it): the
 * session switches to the holder's role whenever the holder changes.
 */
import net from 'node:net';
import type { PGlite } from '@electric-sql/pglite';

const SSL_REQUEST_CODE = 80877103;
const GSS_REQUEST_CODE = 80877104;
const CANCEL_REQUEST_CODE = 80877102;

/** Message types after which the backend answers and the client waits: the end of an exchange. */
const EXCHANGE_END = new Set(['S', 'Q']);
/** Flush asks for the answers so far but the exchange goes on: keep holding the database. */
const FLUSH = 'H';
const TERMINATE = 'X';

/** The startup message's parameters: after length and protocol version, name/value C strings, then a NUL. */
function startupParameters(message: Buffer): Map<string, string> {
  const fields = message.subarray(8).toString('utf8').split('\0');
  const parameters = new Map<string, string>();
  for (let i = 0; i + 1 < fields.length && fields[i] !== ''; i += 2) parameters.set(fields[i] ?? '', fields[i + 1] ?? '');
  return parameters;
}

const quoteIdentifier = (name: string) => `"${name.replaceAll('"', '""')}"`;

export interface PgliteServer {
  readonly port: number;
  readonly host: string;
  close(): Promise<void>;
}

/** A FIFO lock that one client holds across several protocol exchanges. */
class SessionLock {
  private owner: object | null = null;
  private readonly waiting: Array<{ who: object; wake: () => void }> = [];

  async acquire(who: object): Promise<void> {
    if (this.owner === who) return;
    if (this.owner === null) {
      this.owner = who;
      return;
    }
    await new Promise<void>((wake) => this.waiting.push({ who, wake }));
  }

  release(who: object): void {
    if (this.owner !== who) return;
    const next = this.waiting.shift();
    this.owner = next ? next.who : null;
    next?.wake();
  }

  forget(who: object): void {
    const index = this.waiting.findIndex((entry) => entry.who === who);
    if (index >= 0) this.waiting.splice(index, 1);
    this.release(who);
  }
}

export async function startPgliteServer(
  db: PGlite,
  { host = '127.0.0.1', port = 0 }: { host?: string; port?: number } = {},
): Promise<PgliteServer> {
  await db.waitReady;
  const lock = new SessionLock();
  const sockets = new Set<net.Socket>();
  // The role the PGlite session runs as now; null is the one it started with.
  let sessionRole: string | null = null;

  /** Runs as `role` from here on; the caller holds the lock and no transaction is open. */
  async function becomeRole(role: string | null): Promise<void> {
    if (role === sessionRole) return;
    await db.exec(role === null ? 'reset role' : `set role ${quoteIdentifier(role)}`);
    sessionRole = role;
  }

  async function run(message: Uint8Array, socket: net.Socket): Promise<void> {
    await db.runExclusive(() =>
      db.execProtocolRawStream(message, {
        onRawData: (data) => {
          if (data.length > 0 && socket.writable) socket.write(data);
        },
      }),
    );
  }

  function serve(socket: net.Socket): void {
    sockets.add(socket);
    socket.setNoDelay(true);
    const session = {};
    let role: string | null = null;
    let buffer: Buffer = Buffer.alloc(0);
    let started = false;
    let pending: Buffer[] = [];
    let queue = Promise.resolve();
    let closed = false;

    const endSession = async () => {
      if (closed) return;
      closed = true;
      sockets.delete(socket);
      // A client that vanished mid-transaction must not leave the shared session in it.
      await queue.catch(() => undefined);
      try {
        await lock.acquire(session);
        // exec takes PGlite's own lock, so it must not run inside runExclusive.
        if (db.isInTransaction()) await db.exec('rollback');
      } catch {
        // The database is closing; nothing left to roll back.
      } finally {
        lock.forget(session);
      }
    };

    const handle = async (type: string, message: Buffer) => {
      await lock.acquire(session);
      if (type === TERMINATE) {
        socket.end();
        return;
      }
      if (type === 'startup') role = startupParameters(message).get('role') ?? null;
      // Between exchanges no transaction is open (the lock is held through one), so the role can change.
      if (pending.length === 0 && !db.isInTransaction()) await becomeRole(role);
      pending.push(message);
      if (!EXCHANGE_END.has(type) && type !== FLUSH && type !== 'startup') return;
      const batch = Buffer.concat(pending);
      pending = [];
      await run(new Uint8Array(batch.buffer, batch.byteOffset, batch.byteLength), socket);
      if (type !== FLUSH && !db.isInTransaction()) lock.release(session);
    };

    // Messages run strictly in arrival order; a failure ends this client's connection only.
    const enqueue = (type: string, message: Buffer) => {
      queue = queue.then(() => handle(type, message)).catch(() => void socket.destroy());
    };

    socket.on('data', (chunk: Buffer) => {
      buffer = buffer.length === 0 ? chunk : Buffer.concat([buffer, chunk]);
      for (;;) {
        if (!started) {
          if (buffer.length < 8) return;
          const length = buffer.readInt32BE(0);
          if (buffer.length < length) return;
          const code = buffer.readInt32BE(4);
          const message = buffer.subarray(0, length);
          buffer = buffer.subarray(length);
          if (code === SSL_REQUEST_CODE || code === GSS_REQUEST_CODE) {
            socket.write('N');
            continue;
          }
          if (code === CANCEL_REQUEST_CODE) {
            socket.end();
            return;
          }
          started = true;
          enqueue('startup', message);
          continue;
        }
        if (buffer.length < 5) return;
        const length = buffer.readInt32BE(1) + 1;
        if (buffer.length < length) return;
        const type = String.fromCharCode(buffer[0] ?? 0);
        const message = buffer.subarray(0, length);
        buffer = buffer.subarray(length);
        enqueue(type, message);
      }
    });
    socket.on('error', () => void endSession());
    socket.on('close', () => void endSession());
  }

  const server = net.createServer(serve);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('PGlite server has no TCP address');

  return {
    host,
    port: address.port,
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
