/**
 * Test helpers: a real database per test file (an in-memory PGlite, or a fresh schema on the
 * PostgreSQL server at DATABASE_URL), migrated, and the real app on top of it.
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, readdir, readFile, rename, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import postgres from 'postgres';
import { buildApp, type AppOptions } from '../app.ts';
import { openDatabase, type Database } from '../db/connect.ts';
import { migrate } from '../db/migrate.ts';

/** `max`: connections in each of the two pools (the owner's and the app role's). */
export async function openTestDatabase({ max }: { max?: number } = {}): Promise<Database> {
  const databaseUrl = process.env.DATABASE_URL;
  if (!databaseUrl) {
    const database = await openDatabase({ dataDir: 'memory://', max, embeddedImage: await migratedImage() });
    await migrate(database.sql); // nothing to do, unless the image is older than the migrations
    return database;
  }
  const schema = `test_${randomBytes(6).toString('hex')}`;
  const database = await openDatabase({ databaseUrl, schema, max: max ?? 5 });
  await migrate(database.sql);
  return {
    ...database,
    async close() {
      await database.close();
      const admin = postgres(databaseUrl, { max: 1, onnotice: () => {} });
      await admin`drop schema ${admin(schema)} cascade`;
      await admin.end();
    },
  };
}

/**
 * `answerCache`: GET /v1/me's answers kept in memory, as main.ts does on a PostgreSQL server; the app is handed
 * over once the cache is live. Only with DATABASE_URL (the embedded database passes no notifications on).
 */
export async function openTestApp(options: Omit<AppOptions, 'sql'> = {}, { poolSize, answerCache = false }: { poolSize?: number; answerCache?: boolean } = {}) {
  const database = await openTestDatabase({ max: poolSize });
  if (answerCache && !database.openListener) throw new Error('the answer cache needs a PostgreSQL server (DATABASE_URL)');
  // The app runs as the server's role, under row-level security, as in production; the test's own `sql`
  // is the tables' owner, for fixtures and for checking what the app wrote.
  const storedViewCache = answerCache ? { maxEntries: 1000, openListener: database.openListener, heartbeatMs: 250 } : undefined;
  const app = await buildApp({ sql: database.appSql, storedViewCache, ...options });
  await app.ready();
  if (answerCache) await app.viewChangesHeard();
  return {
    app,
    sql: database.sql,
    appSql: database.appSql,
    async close() {
      await app.close();
      await database.close();
    },
  };
}

let image: Promise<Blob> | undefined;

/**
 * An embedded database with every migration applied, as PGlite dumps it: made once per set of migrations and
 * version of PGlite, and kept in the system's temporary folder for the next test files (each file runs in a
 * process of its own). Starting from it takes about 1 s; from an empty database, initdb alone takes 3 to 5 s.
 */
function migratedImage(): Promise<Blob> {
  image ??= (async () => {
    const file = path.join(os.tmpdir(), 'openbook-test-images', `${await imageKey()}.tar`);
    try {
      return new Blob([await readFile(file)]);
    } catch {
      // Not made yet: make it.
    }
    const database = await openDatabase({ dataDir: 'memory://', max: 1 });
    try {
      await migrate(database.sql);
      const dump = await database.dumpImage!();
      // Written whole, then renamed: a test file started meanwhile never reads half an image.
      await mkdir(path.dirname(file), { recursive: true });
      const partial = `${file}.${process.pid}`;
      await writeFile(partial, Buffer.from(await dump.arrayBuffer()));
      await rename(partial, file);
      return dump;
    } finally {
      await database.close();
    }
  })();
  return image;
}

/** What the image depends on: the migrations' names and contents, and PGlite's version. */
async function imageKey(): Promise<string> {
  const hash = createHash('sha256');
  const migrations = fileURLToPath(new URL('../db/migrations/', import.meta.url));
  for (const name of (await readdir(migrations)).sort()) hash.update(name).update(await readFile(path.join(migrations, name)));
  const pglite = createRequire(import.meta.url).resolve('@electric-sql/pglite');
  hash.update(await readFile(path.join(pglite.slice(0, pglite.lastIndexOf(`${path.sep}dist${path.sep}`)), 'package.json')));
  return hash.digest('hex').slice(0, 16);
}
