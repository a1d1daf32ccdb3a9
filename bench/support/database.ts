/**
 * A scratch database for one benchmark: a new database on the PostgreSQL server at DATABASE_URL (or the
 * local server at 127.0.0.1:5432), dropped afterwards; the embedded PGlite only when no server answers,
 * because the figures that matter are PostgreSQL's.
 */
import { randomBytes } from 'node:crypto';
import postgres from 'postgres';
import { openDatabase, type Database } from '../../server/db/connect.ts';
import { migrate } from '../../server/db/migrate.ts';

const LOCAL_SERVER = 'postgres://root@127.0.0.1:5432/postgres';

export async function openBenchDatabase(log: (line: string) => void): Promise<Database & { url?: string }> {
  const url = process.env.DATABASE_URL || LOCAL_SERVER;
  const admin = postgres(url, { max: 1, onnotice: () => {}, connect_timeout: 3 });
  const name = `openbook_bench_${randomBytes(4).toString('hex')}`;
  try {
    await admin`create database ${admin(name)}`;
  } catch (error) {
    await admin.end();
    log(`no PostgreSQL server at ${new URL(url).host} (${(error as Error).message}); using the embedded PGlite`);
    const database = await openDatabase({ dataDir: 'memory://' });
    await migrate(database.sql);
    return database;
  }
  const scratch = new URL(url);
  scratch.pathname = `/${name}`;
  const database = await openDatabase({ databaseUrl: scratch.toString(), max: 20 });
  await migrate(database.sql);
  return {
    ...database,
    url: scratch.toString(),
    async close() {
      await database.close();
      await admin`drop database if exists ${admin(name)} with (force)`;
      await admin.end();
    },
  };
}
