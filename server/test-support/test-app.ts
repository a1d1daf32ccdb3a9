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

export async function openTestApp(options: Omit<AppOptions, 'sql'> = {}, { poolSize }: { poolSize?: number } = {}) {
  const database = await openTestDatabase({ max: poolSize });
  // The app runs as the server's role, under row-level security, as in production; the test's own `sql`
  // is the tables' owner, for fixtures and for checking what the app wrote.
  const app = await buildApp({ sql: database.appSql, ...options });
  await app.ready();
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
