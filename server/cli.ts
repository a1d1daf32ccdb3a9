#!/usr/bin/env node
/**
 * The `openbook` command line (`npm run openbook -- <command>`), reading DATABASE_URL or the embedded
 * default. With the embedded default it works while `npm start` runs: it connects to the running
 * server's database instead of opening ./.data/ a second time.
 */
import { parseArgs } from 'node:util';
import { openDatabase, type Database } from './db/connect.ts';
import { migrate } from './db/migrate.ts';
import { readConfig } from './config.ts';
import { createTenant } from './db/tenant-repository.ts';
import { seedDemo } from '../demo/seed.ts';
import { ScoringError, scoreTenant } from './scoring/score-tenant.ts';
import { describeRun } from './routes/scores.ts';

const USAGE = `usage: openbook <command>

  tenant create --name NAME [--origin URL]... [--currency USD] [--time-zone Europe/Paris]
      create a tenant; prints {"tenantId","apiKey","embedKeyId","embedSecret"} (secrets shown once)
  score --tenant ID
      refit the tenant's models and rescore every customer; prints progress and the fitted parameters
  demo seed [--customers N] [--seed S] [--score]
      create or refresh the demo tenant with generated data (--score: then score it)

environment: DATABASE_URL (unset: the embedded database in OPENBOOK_DATA_DIR, default ./.data/)`;

class UsageError extends Error {}

const progress = (line: string) => process.stderr.write(`${line}\n`);

async function withDatabase<T>(run: (database: Database) => Promise<T>): Promise<T> {
  const { databaseUrl, dataDir } = readConfig();
  const database = await openDatabase({ databaseUrl, dataDir, max: 2 });
  try {
    await migrate(database.sql, progress);
    return await run(database);
  } finally {
    await database.close();
  }
}

function positiveInteger(value: string | undefined, name: string, fallback: number): number {
  if (value === undefined) return fallback;
  const number = Number(value);
  if (!Number.isInteger(number) || number <= 0) throw new UsageError(`--${name} must be a positive whole number, got "${value}"`);
  return number;
}

async function main(argv: string[]): Promise<void> {
  const [group, action, ...rest] = argv;
  if (group === 'tenant' && action === 'create') {
    const { values } = parseArgs({
      args: rest,
      options: {
        name: { type: 'string' },
        origin: { type: 'string', multiple: true },
        currency: { type: 'string' },
        'time-zone': { type: 'string' },
      },
      strict: true,
    });
    if (!values.name?.trim()) throw new UsageError('--name is required');
    for (const origin of values.origin ?? []) {
      const url = URL.canParse(origin) ? new URL(origin) : null;
      if (!url || url.origin !== origin.replace(/\/$/, '')) throw new UsageError(`--origin must be an origin like https://app.example.com, got "${origin}"`);
    }
    if (values.currency && !/^[A-Z]{3}$/.test(values.currency)) throw new UsageError('--currency must be an ISO 4217 code such as USD');
    const timeZone = values['time-zone'];
    if (timeZone && !Intl.supportedValuesOf('timeZone').includes(timeZone) && timeZone !== 'UTC') throw new UsageError(`unknown --time-zone "${timeZone}"`);
    const created = await withDatabase(({ sql }) =>
      createTenant(sql, {
        name: values.name!.trim(),
        origins: (values.origin ?? []).map((origin) => origin.replace(/\/$/, '')),
        currency: values.currency,
        timeZone,
      }),
    );
    process.stdout.write(`${JSON.stringify(created)}\n`);
    return;
  }
  if (group === 'score') {
    const { values } = parseArgs({ args: [action ?? '', ...rest].filter(Boolean), options: { tenant: { type: 'string' } }, strict: true });
    const tenantId = values.tenant;
    if (!tenantId) throw new UsageError('--tenant is required');
    const result = await withDatabase(({ sql }) => scoreTenant(sql, tenantId, { log: progress }));
    process.stdout.write(`${JSON.stringify(describeRun(result))}\n`);
    return;
  }
  if (group === 'demo' && action === 'seed') {
    const { values } = parseArgs({
      args: rest,
      options: { customers: { type: 'string' }, seed: { type: 'string' }, score: { type: 'boolean' } },
      strict: true,
    });
    const customers = positiveInteger(values.customers, 'customers', 500);
    const seed = positiveInteger(values.seed, 'seed', 42);
    const result = await withDatabase(async ({ sql }) => {
      const seeded = await seedDemo(sql, { customers, seed, log: progress });
      if (values.score) await scoreTenant(sql, seeded.tenantId, { log: progress });
      return seeded;
    });
    process.stdout.write(`${JSON.stringify(result)}\n`);
    return;
  }
  throw new UsageError(group ? `unknown command "${[group, action].filter(Boolean).join(' ')}"` : 'no command given');
}

main(process.argv.slice(2)).catch((error: unknown) => {
  if (error instanceof ScoringError) {
    process.stderr.write(`openbook: cannot score: ${error.message}\n`);
    process.exit(1);
  }
  if (error instanceof UsageError || (error instanceof TypeError && 'code' in error && String(error.code).startsWith('ERR_PARSE_ARGS'))) {
    process.stderr.write(`openbook: ${error.message}\n\n${USAGE}\n`);
    process.exit(2);
  }
  process.stderr.write(`openbook: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
