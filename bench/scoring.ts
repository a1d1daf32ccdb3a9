/**
 * Full rescoring of a tenant (read, fit, score, write) at 10k, 100k and 1M customers with about 19 orders
 * each, so the growth of each stage with size is visible. Target (issue 3): 100,000 customers and about
 * 2,000,000 orders in under 15 s end to end on this machine.
 */
import { parseArgs } from 'node:util';
import { scoreTenant } from '../server/scoring/score-tenant.ts';
import { openBenchDatabase } from './support/database.ts';
import { loadGeneratedTenant } from './support/load-tenant.ts';
import type { BenchOptions, BenchResult } from './support/types.ts';

const AS_OF = new Date('2026-06-30T00:00:00Z');
const TARGET_MS = 15_000;

export async function run({ args, log }: BenchOptions): Promise<BenchResult> {
  const { values } = parseArgs({ args, options: { sizes: { type: 'string', default: '10000,100000,1000000' } }, strict: true });
  const sizes = values.sizes.split(',').map(Number);
  const database = await openBenchDatabase(log);
  const rows: BenchResult['rows'] = [];
  try {
    for (const [index, size] of sizes.entries()) {
      log(`scoring: generating and loading ${size} customers`);
      const tenant = await loadGeneratedTenant(database.sql, { customers: size, seed: 1000 + index, asOf: AS_OF, log });
      const started = performance.now();
      const result = await scoreTenant(database.sql, tenant.tenantId, { asOf: AS_OF, log: (line) => log(`  ${line}`) });
      const totalMs = performance.now() - started;
      const share = (ms: number) => `${((100 * ms) / totalMs).toFixed(0)}%`;
      rows.push({
        customers: size,
        orders: tenant.orders,
        'read ms': result.stageMs.read,
        'fit ms': result.stageMs.fit,
        'score ms': result.stageMs.score,
        'write ms': result.stageMs.write,
        // Loyalty, suggestions and goals run after the models, in the same scoring run.
        'loyalty etc. ms': Math.round(totalMs - result.stageMs.read - result.stageMs.fit - result.stageMs.score - result.stageMs.write),
        'total s': Number((totalMs / 1000).toFixed(2)),
        'shares r/f/s/w/etc': [result.stageMs.read, result.stageMs.fit, result.stageMs.score, result.stageMs.write, totalMs - result.stageMs.read - result.stageMs.fit - result.stageMs.score - result.stageMs.write].map(share).join(' '),
        'customers/s': Math.round(size / (totalMs / 1000)),
        'vs 10k (time ratio)': rows.length === 0 ? 1 : Number((totalMs / 1000 / Number(rows[0]?.['total s'])).toFixed(1)),
      });
    }
  } finally {
    await database.close();
  }
  const at100k = rows.find((row) => row.customers === 100_000);
  return {
    name: 'scoring',
    rows,
    notes: [
      `database: ${database.description}`,
      'fit runs on a random sample of 20,000 customers at most, so its cost stops growing past that size',
      at100k ? `target: 100,000 customers under ${TARGET_MS / 1000} s: ${Number(at100k['total s']) * 1000 < TARGET_MS ? 'met' : 'NOT met'} (${at100k['total s']} s)` : 'target row (100,000 customers) not run',
    ],
  };
}
