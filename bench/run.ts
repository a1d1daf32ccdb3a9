/**
 * `npm run bench [-- <name> [options]]`: runs the named benchmark (all of them without a name), prints a
 * table per benchmark and writes the figures, with the machine they ran on, to bench/results/.
 *
 * Without a name, each benchmark runs in a process of its own, one after the other, as it does when run by
 * name: several of them time work in this process (the metrics requests go through the app in-process),
 * and a heap grown by the one before (the scoring of 1,000,000 customers) must not weigh on their figures.
 */
import { spawnSync } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import type { BenchOptions, BenchResult } from './support/types.ts';

const BENCHMARKS: Record<string, () => Promise<{ run(options: BenchOptions): Promise<BenchResult> }>> = {
  scoring: () => import('./scoring.ts'),
  me: () => import('./me.ts'),
  ingest: () => import('./ingest.ts'),
  metrics: () => import('./metrics.ts'),
  widget: () => import('./widget.ts'),
};

function printTable({ name, rows, notes }: BenchResult) {
  const columns = [...new Set(rows.flatMap((row) => Object.keys(row)))];
  const cell = (value: unknown) => (value === undefined ? '' : String(value));
  const widths = columns.map((column) => Math.max(column.length, ...rows.map((row) => cell(row[column]).length)));
  const line = (cells: string[]) => `| ${cells.map((text, i) => text.padStart(widths[i] ?? 0)).join(' | ')} |`;
  console.log(`\n## ${name}\n`);
  console.log(line(columns));
  console.log(`|${widths.map((width) => '-'.repeat(width + 2)).join('|')}|`);
  for (const row of rows) console.log(line(columns.map((column) => cell(row[column]))));
  for (const note of notes) console.log(`- ${note}`);
}

const [requested, ...args] = process.argv.slice(2);
const names = requested && !requested.startsWith('-') ? [requested] : Object.keys(BENCHMARKS);
const unknown = names.filter((name) => !BENCHMARKS[name]);
if (unknown.length > 0) {
  console.error(`unknown benchmark ${unknown.join(', ')}; known: ${Object.keys(BENCHMARKS).join(', ')}`);
  process.exit(2);
}
if (names.length > 1) {
  let failed = false;
  for (const name of names) {
    const child = spawnSync(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url), name], { stdio: 'inherit' });
    if (child.status !== 0) {
      console.error(`benchmark ${name} failed (exit ${child.status ?? child.signal})`);
      failed = true;
    }
  }
  process.exit(failed ? 1 : 0);
}
const machine = { cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model ?? 'unknown', memoryGiB: Math.round(os.totalmem() / 2 ** 30), node: process.version, platform: `${os.type()} ${os.release()}` };
await mkdir(new URL('./results/', import.meta.url), { recursive: true });
for (const name of names) {
  const load = BENCHMARKS[name];
  if (!load) continue;
  const benchmark = await load();
  const result = await benchmark.run({ args: requested === name ? args : [], log: (line) => console.error(line) });
  printTable(result);
  const file = new URL(`./results/${name}-${new Date().toISOString().replace(/[:.]/g, '-')}.json`, import.meta.url);
  await writeFile(file, `${JSON.stringify({ ...result, machine, at: new Date().toISOString() }, null, 2)}\n`);
}
