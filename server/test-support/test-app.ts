/**
 * Test helpers: a real database per test file (an in-memory PGlite, or a fresh schema on the
 * PostgreSQL server at DATABASE_URL), migrated, and the real app on top of it.
 */
import { randomBytes } from 'node:crypto';
import postgres from 'postgres';
import { buildApp, type AppOptions } from '../app.ts';
import { openDatabase, type Database } from '../db/connect.ts';
import { migrate } from '../db/migrate.ts';

/** `max`: connections in each of the two pools (the owner's and the app role's). */
export async function openTestDatabase({ max }: { max?: number } = {}): Promise<Database> {
  const databaseUrl = process.env.DATABASE_URL;
  if (!databaseUrl) {
    const database = await openDatabase({ dataDir: 'memory://', max });
    await migrate(database.sql);
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
