/**
 * Forward-only SQL migrations: every file in migrations/ runs once, in name order, each in its own
 * transaction together with the row that records it, so a failed migration leaves nothing behind.
 */
import { readdir, readFile } from 'node:fs/promises';
import type { Sql } from 'postgres';

const MIGRATIONS_DIR = new URL('./migrations/', import.meta.url);
// Any constant works; it only keeps two processes from migrating the same database at once.
const MIGRATION_LOCK_ID = 7_142_003;

export async function migrate(sql: Sql, log: (line: string) => void = () => {}): Promise<string[]> {
  const files = (await readdir(MIGRATIONS_DIR)).filter((name) => name.endsWith('.sql')).sort();
  await sql`
    create table if not exists schema_migrations (
      name text primary key,
      applied_at timestamptz not null default now()
    )`;
  const applied: string[] = [];
  for (const name of files) {
    const body = await readFile(new URL(name, MIGRATIONS_DIR), 'utf8');
    const ran = await sql.begin(async (tx) => {
      await tx`select pg_advisory_xact_lock(${MIGRATION_LOCK_ID})`;
      const [done] = await tx`select 1 from schema_migrations where name = ${name}`;
      if (done) return false;
      await tx.unsafe(body);
      await tx`insert into schema_migrations (name) values (${name})`;
      return true;
    });
    if (ran) {
      applied.push(name);
      log(`applied migration ${name}`);
    }
  }
  return applied;
}
