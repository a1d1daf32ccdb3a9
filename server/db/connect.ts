/**
 * Opens the database every part of the product uses: PostgreSQL at DATABASE_URL, or else the embedded
 * PGlite in ./.data/. Either way the caller gets a postgres.js `sql`, so the code is the same.
 *
 * The embedded database belongs to one process at a time (PGlite is a single-process database): the
 * first process to open ./.data/ takes an exclusive lock file and serves the database on a loopback
 * port; a second process (the CLI while `npm start` runs) finds the lock, reads the port and connects
 * to the owner instead of opening the files itself, so ./.data/ is never opened twice.
 */
import { mkdir, open, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import postgres, { type Sql, type TransactionSql } from 'postgres';
import { PGlite } from '@electric-sql/pglite';
import { startPgliteServer, type PgliteServer } from './pglite-server.ts';
import { APP_ROLE } from './tenant-scope.ts';
import { statementPoolOf, useStatementPool } from './own-connection.ts';
import { snapshotPoolOf, useSnapshotPool } from './shared-snapshot.ts';
import type { OpenListenerConnection } from './view-change-listener.ts';

/** Anything that runs queries: the pool, or a transaction inside `sql.begin`. */
export type Queryable = Sql | TransactionSql;

export interface Database {
  /** As the role that connected: it owns the tables. For migrations, the CLI and tests' own checks. */
  sql: Sql;
  /**
   * As the server's role (APP_ROLE): row-level security applies, so every query must run in a tenant's
   * transaction (tenant-scope.ts). Connects on first use, after the migrations have created the role.
   */
  appSql: Sql;
  /** Human-readable: where the data lives. */
  description: string;
  /**
   * Opens a connection of its own that LISTENs (db/view-change-listener.ts). Only a PostgreSQL server has it:
   * the embedded database's server passes no notifications on between its clients.
   */
  openListener?: OpenListenerConnection;
  /** A throw-away embedded database only: its files as PGlite dumps them, for `embeddedImage`. */
  dumpImage?(): Promise<Blob>;
  close(): Promise<void>;
}

export interface OpenDatabaseOptions {
  /** A postgres:// URL; when absent the embedded database is used. */
  databaseUrl?: string;
  /** Folder of the embedded database, or 'memory://' for a throw-away one. Default ./.data */
  dataDir?: string;
  /** A schema to work in (created if missing): lets tests share one PostgreSQL database. */
  schema?: string;
  /** Pool size. */
  max?: number;
  /**
   * With dataDir 'memory://': start from this dump of an embedded database (`dumpImage()`) instead of an empty
   * one. Tests start each database from one migrated image: an empty one costs PGlite's initdb, about 3 to 5 s.
   */
  embeddedImage?: Blob;
}

const OWNER_FILE = 'owner.json';

interface OwnerRecord {
  pid: number;
  host: string;
  port: number;
}

function clientOptions(max: number, schema?: string, role?: string): postgres.Options<Record<string, postgres.PostgresType>> {
  return {
    max,
    onnotice: () => {},
    // `role` as a startup parameter is `set role` for the whole connection.
    connection: { ...(schema ? { search_path: schema } : {}), ...(role ? { role } : {}) },
    // Counts and sums of bigint come back as strings unless cast; the code casts where it needs numbers.
  };
}

export async function openDatabase(options: OpenDatabaseOptions = {}): Promise<Database> {
  const max = options.max ?? 10;
  if (options.databaseUrl) return openServerDatabase(options.databaseUrl, max, options.schema);
  const dataDir = options.dataDir === 'memory://' ? 'memory://' : path.resolve(options.dataDir ?? '.data');
  if (dataDir === 'memory://') return openEmbedded(undefined, max, options.embeddedImage);
  return openSharedEmbedded(dataDir, max);
}

async function openServerDatabase(url: string, max: number, schema?: string): Promise<Database> {
  if (schema) {
    const admin = postgres(url, { max: 1, onnotice: () => {} });
    try {
      await admin`create schema if not exists ${admin(schema)}`;
    } finally {
      await admin.end();
    }
  }
  const sql = postgres(url, clientOptions(max, schema));
  const appSql = withStatementPool(postgres(url, clientOptions(max, schema, APP_ROLE)), () => postgres(url, clientOptions(STATEMENT_POOL_SIZE, schema, APP_ROLE)));
  // Separate sessions, unlike the embedded database's one: a read may run its halves at once (shared-snapshot.ts).
  useSnapshotPool(appSql, postgres(url, clientOptions(SNAPSHOT_POOL_SIZE, schema, APP_ROLE)));
  const where = new URL(url);
  return {
    sql,
    appSql,
    openListener: ({ onnotify, onclose }) => {
      // One connection that stays open: no idle timeout or lifetime, which would close it between changes.
      // `onnotify` is an option postgres.js reads (as its own sql.listen does) though its types leave it out.
      const base = clientOptions(1, schema);
      // Named, so that an operator sees it in pg_stat_activity (and a test can find it).
      const connection = { ...base.connection, application_name: LISTENER_APPLICATION_NAME };
      const options = { ...base, connection, idle_timeout: 0, max_lifetime: null, fetch_types: false, onnotify, onclose };
      return postgres(url, options);
    },
    description: `PostgreSQL at ${where.host}${where.pathname}${schema ? ` (schema ${schema})` : ''}`,
    close: () => endBoth(sql, appSql),
  };
}

function embeddedClients(server: { host: string; port: number }, max: number): { sql: Sql; appSql: Sql } {
  const client = (role?: string, size = max) =>
    postgres({ host: server.host, port: server.port, user: 'postgres', database: 'postgres', ...clientOptions(size, undefined, role) });
  return { sql: client(), appSql: withStatementPool(client(APP_ROLE), () => client(APP_ROLE, STATEMENT_POOL_SIZE)) };
}

export const LISTENER_APPLICATION_NAME = 'openbook view-change listener';

/** Connections of the app role's pool of single statements (own-connection.ts): they pipeline, so few serve many requests. */
const STATEMENT_POOL_SIZE = 2;

/** Connections for second transactions that share a first one's snapshot (shared-snapshot.ts): one per core of a small server. */
const SNAPSHOT_POOL_SIZE = 2;

function withStatementPool(appSql: Sql, open: () => Sql): Sql {
  useStatementPool(appSql, open());
  return appSql;
}

async function endBoth(sql: Sql, appSql: Sql): Promise<void> {
  await Promise.all([sql.end({ timeout: 5 }), appSql.end({ timeout: 5 }), statementPoolOf(appSql)?.end({ timeout: 5 }), snapshotPoolOf(appSql)?.end({ timeout: 5 })]);
}

async function openEmbedded(dataDir: string | undefined, max: number, image?: Blob): Promise<Database & { server: PgliteServer }> {
  const db = dataDir ? await PGlite.create(path.join(dataDir, 'pgdata')) : await PGlite.create(image ? { loadDataDir: image } : {});
  const server = await startPgliteServer(db);
  const { sql, appSql } = embeddedClients(server, max);
  return {
    sql,
    appSql,
    server,
    description: dataDir ? `embedded PGlite in ${dataDir}` : 'embedded PGlite in memory',
    ...(dataDir ? {} : { dumpImage: () => db.dumpDataDir('none') }),
    async close() {
      await endBoth(sql, appSql);
      await server.close();
      await db.close();
    },
  };
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function readOwner(file: string): Promise<OwnerRecord | null> {
  try {
    const record = JSON.parse(await readFile(file, 'utf8')) as Partial<OwnerRecord>;
    if (typeof record.pid === 'number' && typeof record.port === 'number' && typeof record.host === 'string') {
      return record as OwnerRecord;
    }
  } catch {
    // Missing, or being written right now: treated as no owner yet.
  }
  return null;
}

async function openSharedEmbedded(dataDir: string, max: number): Promise<Database> {
  await mkdir(dataDir, { recursive: true });
  const ownerFile = path.join(dataDir, OWNER_FILE);
  for (let attempt = 0; attempt < 300; attempt += 1) {
    let handle;
    try {
      handle = await open(ownerFile, 'wx');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const owner = await readOwner(ownerFile);
      if (owner && isRunning(owner.pid)) {
        const { sql, appSql } = embeddedClients(owner, max);
        return {
          sql,
          appSql,
          description: `embedded PGlite in ${dataDir}, shared with process ${owner.pid}`,
          close: () => endBoth(sql, appSql),
        };
      }
      if (owner) await rm(ownerFile, { force: true }); // its process is gone: a stale lock
      await new Promise((resolve) => setTimeout(resolve, 100));
      continue;
    }
    try {
      const database = await openEmbedded(dataDir, max);
      const record: OwnerRecord = { pid: process.pid, host: database.server.host, port: database.server.port };
      await handle.writeFile(JSON.stringify(record));
      await handle.close();
      return {
        ...database,
        async close() {
          await database.close();
          await rm(ownerFile, { force: true });
        },
      };
    } catch (error) {
      await handle.close();
      await rm(ownerFile, { force: true });
      throw error;
    }
  }
  throw new Error(`could not open the embedded database in ${dataDir}: another process holds ${ownerFile}`);
}
