/**
 * Creates or refreshes the demo tenant: fixed id, origins of the local server, and freshly generated
 * customers and orders (the old ones are replaced in the same transaction, so a refresh is atomic).
 */
import type { Sql, TransactionSql } from 'postgres';
import { upsertCustomers } from '../server/db/customer-repository.ts';
import { upsertOrders } from '../server/db/order-repository.ts';
import { createTenant, findTenant } from '../server/db/tenant-repository.ts';
import { MAX_BATCH_ITEMS } from '../shared/schemas/common.ts';
import { upsertSubscriptions } from '../server/db/subscription-repository.ts';
import { upsertNpsResponses } from '../server/db/nps-repository.ts';
import { upsertAcquisitionSpend } from '../server/db/acquisition-spend-repository.ts';
import { generateAcquisitionSpend, generateDemoData, type GenerateOptions } from './generate.ts';
import { upsertProducts } from '../server/db/product-repository.ts';
import { DEMO_CATALOGUE, plantCoPurchases } from './catalogue.ts';

// What a refresh keeps: the tenant, its credentials and its loyalty program.
const KEPT_TABLES = new Set(['tenants', 'api_keys', 'embed_keys', 'loyalty_programs', 'schema_migrations']);

/**
 * Deletes every row of the tenant's data, whatever tables later migrations add: tables that reference
 * others must go first, so each pass deletes what it can (in a savepoint) until nothing is left.
 */
async function deleteTenantData(tx: TransactionSql, tenantId: string): Promise<void> {
  const tables = (
    await tx<{ name: string }[]>`
      select table_name as name from information_schema.columns
      where column_name = 'tenant_id' and table_schema = current_schema()`
  ).map((row) => row.name).filter((name) => !KEPT_TABLES.has(name));
  let remaining = tables;
  for (let pass = 0; remaining.length > 0; pass += 1) {
    if (pass > tables.length) throw new Error(`could not clear the demo tenant's tables: ${remaining.join(', ')}`);
    const failed: string[] = [];
    for (const table of remaining) {
      await tx.savepoint((sp) => sp`delete from ${sp(table)} where tenant_id = ${tenantId}`).catch(() => failed.push(table));
    }
    remaining = failed;
  }
}

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
  plantCoPurchases(data, options.seed);
  log(`generating ${data.customers.length} customers and ${data.orders.length} orders`);
  await sql.begin(async (tx) => {
    await deleteTenantData(tx, DEMO_TENANT_ID);
    for (let start = 0; start < data.customers.length; start += MAX_BATCH_ITEMS) {
      await upsertCustomers(tx, DEMO_TENANT_ID, data.customers.slice(start, start + MAX_BATCH_ITEMS));
    }
    for (let start = 0; start < data.orders.length; start += MAX_BATCH_ITEMS) {
      await upsertOrders(tx, DEMO_TENANT_ID, data.orders.slice(start, start + MAX_BATCH_ITEMS));
      log(`orders: ${Math.min(start + MAX_BATCH_ITEMS, data.orders.length)} / ${data.orders.length}`);
    }
    for (let start = 0; start < data.subscriptions.length; start += MAX_BATCH_ITEMS) {
      await upsertSubscriptions(tx, DEMO_TENANT_ID, data.subscriptions.slice(start, start + MAX_BATCH_ITEMS));
    }
    await upsertNpsResponses(tx, DEMO_TENANT_ID, data.nps);
    await upsertProducts(tx, DEMO_TENANT_ID, DEMO_CATALOGUE);
    await upsertAcquisitionSpend(tx, DEMO_TENANT_ID, generateAcquisitionSpend(options));
    log(`subscription periods: ${data.subscriptions.length}, NPS answers: ${data.nps.length}`);
  });
  return { tenantId: DEMO_TENANT_ID, customers: data.customers.length, orders: data.orders.length, credentials };
}

export async function demoIsSeeded(sql: Sql): Promise<boolean> {
  const [row] = await sql`select 1 from customers where tenant_id = ${DEMO_TENANT_ID} limit 1`;
  return Boolean(row);
}
