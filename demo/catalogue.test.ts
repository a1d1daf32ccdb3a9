import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { openTestDatabase } from '../server/test-support/test-app.ts';
import type { Database } from '../server/db/connect.ts';
import { scoreTenant } from '../server/scoring/score-tenant.ts';
import { vendorSuggestions } from '../server/scoring/suggestions.ts';
import { DEMO_TENANT_ID, seedDemo } from './seed.ts';
import { DEMO_CATALOGUE } from './catalogue.ts';

const AS_OF = new Date('2025-07-15T00:00:00Z');
let database: Database;

before(async () => {
  database = await openTestDatabase();
  await seedDemo(database.sql, { customers: 500, seed: 42, asOf: AS_OF });
  await scoreTenant(database.sql, DEMO_TENANT_ID, { asOf: AS_OF });
});
after(() => database.close());

test('the demo catalogue links only to https: pages', () => {
  for (const product of DEMO_CATALOGUE) assert.match(product.url ?? '', /^https:\/\//, product.sku);
});

test('the planted pair shows in the demo: logistics customers with Invoicing and without Payroll are suggested Payroll, quoting their industry', async () => {
  const rows = await database.sql<{ id: string }[]>`
    select c.external_id as id from customers c
    where c.tenant_id = ${DEMO_TENANT_ID} and c.industry = 'logistics'
      and exists (select 1 from orders o, jsonb_array_elements(o.items) i where o.tenant_id = c.tenant_id and o.customer_id = c.external_id and o.status = 'paid' and i->>'sku' = 'INV-01')
      and not exists (select 1 from orders o, jsonb_array_elements(o.items) i where o.tenant_id = c.tenant_id and o.customer_id = c.external_id and o.status = 'paid' and i->>'sku' = 'PAY-01')
    order by 1`;
  assert.ok(rows.length >= 3, `${rows.length} such customers`);
  let shown = 0;
  for (const { id } of rows) {
    const view = await vendorSuggestions(database.sql, DEMO_TENANT_ID, id, AS_OF);
    const payroll = view?.items.find((item) => item.product.sku === 'PAY-01');
    if (!payroll || payroll.explanation.kind !== 'co-adoption') continue;
    shown += 1;
    assert.deepEqual(payroll.explanation.segment, { dimension: 'industry', value: 'logistics' });
    assert.ok(payroll.explanation.share > 0.6, `share ${payroll.explanation.share}`);
  }
  assert.ok(shown >= rows.length / 2, `Payroll suggested to ${shown} of ${rows.length}`);
});
