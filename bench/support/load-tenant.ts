/**
 * Loads a generated tenant straight into the tables with COPY, streaming customer by customer, so that
 * millions of orders neither sit in memory nor take the HTTP path (ingestion has its own benchmark).
 */
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import type { Sql } from 'postgres';
import { generateCustomerHistories, type GenerateOptions } from '../../demo/generate.ts';
import { createTenant, type CreatedTenant } from '../../server/db/tenant-repository.ts';

/** About 19 orders per customer over three years: 100,000 customers give about 2,000,000 orders. */
export const BENCH_PURCHASE_PARAMS = { r: 2, alpha: 6.5, a: 0.3, b: 12 } as const;

// COPY text format: tab-separated, \N for NULL; our generated values contain no tabs, newlines or backslashes.
const field = (value: string | number | null | undefined) => (value === null || value === undefined ? '\\N' : String(value));

async function write(stream: Writable, chunk: string) {
  if (!stream.write(chunk)) await once(stream, 'drain');
}

async function copyRows(sql: Sql, statement: string, rows: Iterable<string>): Promise<void> {
  const stream = await sql.unsafe(statement).writable();
  let buffer = '';
  for (const row of rows) {
    buffer += row;
    if (buffer.length > 1 << 20) {
      await write(stream, buffer);
      buffer = '';
    }
  }
  await write(stream, buffer);
  stream.end();
  await once(stream, 'finish');
}

export async function loadGeneratedTenant(
  sql: Sql,
  options: GenerateOptions & { log?: (line: string) => void; origins?: string[] },
): Promise<CreatedTenant & { customers: number; orders: number }> {
  const tenant = await createTenant(sql, { name: `bench ${options.customers}`, origins: options.origins });
  const generate = () => generateCustomerHistories({ purchase: BENCH_PURCHASE_PARAMS, ...options });
  let customers = 0;
  let orders = 0;
  // Two passes over the same seed: orders reference customers, so the customers must be in first.
  await copyRows(sql, 'copy customers (tenant_id, external_id, name, email, industry, size, plan, signed_up_at) from stdin', (function* () {
    for (const { customer: c } of generate()) {
      customers += 1;
      yield `${[tenant.tenantId, c.externalId, c.name, c.email, c.industry, c.size, c.plan, c.signedUpAt].map(field).join('\t')}\n`;
    }
  })());
  await copyRows(sql, 'copy orders (tenant_id, external_id, customer_id, occurred_at, amount, status, items) from stdin', (function* () {
    for (const { orders: list } of generate()) {
      for (const o of list) {
        orders += 1;
        yield `${[tenant.tenantId, o.externalId, o.customerId, o.occurredAt, o.amount, o.status, JSON.stringify(o.items)].map(field).join('\t')}\n`;
      }
    }
  })());
  options.log?.(`  loaded ${customers} customers and ${orders} orders`);
  // As autovacuum keeps a tenant's tables: statistics current, and every page's hint bits and visibility
  // set. Otherwise the first read of freshly copied rows also writes every page once (a second or so
  // of a 100,000-customer scoring run's read), which no later read pays.
  await sql`vacuum analyze customers`;
  await sql`vacuum analyze orders`;
  return { ...tenant, customers, orders };
}
