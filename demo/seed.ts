/**
 * Creates or refreshes the demo tenant: fixed id, origins of the local server, and freshly generated
 * customers and orders (the old ones are replaced in the same transaction, so a refresh is atomic).
 */
import type { Sql } from 'postgres';
import { upsertCustomers } from '../server/db/customer-repository.ts';
import { upsertOrders } from '../server/db/order-repository.ts';
import { createTenant, findTenant } from '../server/db/tenant-repository.ts';
import { MAX_BATCH_ITEMS } from '../shared/schemas/common.ts';
import { generateDemoData, type GenerateOptions } from './generate.ts';

export const DEMO_TENANT_ID = 'demo';

export interface SeedResult {
  tenantId: string;
  customers: number;
  orders: number;
  /** Set only when this call created the tenant: the credentials are shown once. */
  credentials?: { apiKey: string; embedKeyId: string; embedSecret: string };
}

export async function seedDemo(sql: Sql, options: GenerateOptions & { port?: number; log?: (line: string) => void } = {}): Promise<SeedResult> {
  const log = options.log ?? (() => {});
  const port = options.port ?? 3000;
  let credentials: SeedResult['credentials'];
  if (!(await findTenant(sql, DEMO_TENANT_ID))) {
    const { apiKey, embedKeyId, embedSecret } = await createTenant(sql, {
      id: DEMO_TENANT_ID,
      name: 'Acme Cloud (demo)',
      origins: [`http://localhost:${port}`, `http://127.0.0.1:${port}`],
    });
    credentials = { apiKey, embedKeyId, embedSecret };
  }
  const data = generateDemoData(options);
  log(`generating ${data.customers.length} customers and ${data.orders.length} orders`);
  await sql.begin(async (tx) => {
    await tx`delete from orders where tenant_id = ${DEMO_TENANT_ID}`;
    await tx`delete from customers where tenant_id = ${DEMO_TENANT_ID}`;
    for (let start = 0; start < data.customers.length; start += MAX_BATCH_ITEMS) {
      await upsertCustomers(tx, DEMO_TENANT_ID, data.customers.slice(start, start + MAX_BATCH_ITEMS));
    }
    for (let start = 0; start < data.orders.length; start += MAX_BATCH_ITEMS) {
      await upsertOrders(tx, DEMO_TENANT_ID, data.orders.slice(start, start + MAX_BATCH_ITEMS));
      log(`orders: ${Math.min(start + MAX_BATCH_ITEMS, data.orders.length)} / ${data.orders.length}`);
    }
  });
  return { tenantId: DEMO_TENANT_ID, customers: data.customers.length, orders: data.orders.length, credentials };
}

export async function demoIsSeeded(sql: Sql): Promise<boolean> {
  const [row] = await sql`select 1 from customers where tenant_id = ${DEMO_TENANT_ID} limit 1`;
  return Boolean(row);
}
