/**
 * Issue 7, row-level security: the server's role sees a tenant's rows only inside a transaction of that
 * tenant. Attacks the database itself (the app role without a tenant, with the wrong tenant, after the
 * transaction) and the app on top of it (1,000 interleaved requests of two tenants over two connections).
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { openTestApp } from '../test-support/test-app.ts';
import { bearer, get, mintToken, newTenant, post } from '../test-support/fixtures.ts';
import { mulberry32 } from '../../shared/random.ts';
import type { TransactionSql } from 'postgres';
import { APP_ROLE, enterTenant } from './tenant-scope.ts';
import type { CreatedTenant } from './tenant-repository.ts';

const AS_OF = new Date('2025-07-15T00:00:00Z');
const CUSTOMERS_PER_TENANT = 6;
const INTERLEAVED_REQUESTS = 1_000;

interface TableSecurity {
  name: string;
  rowSecurity: boolean;
  forced: boolean;
  owner: string;
  policies: number;
}

describe('row-level security', () => {
  let harness: Awaited<ReturnType<typeof openTestApp>>;
  let acme: CreatedTenant;
  let globex: CreatedTenant;
  let tables: TableSecurity[];

  /** Customers of a tenant carry its name in their own, so any row shows whose it is. */
  const customersOf = (tenant: string) =>
    Array.from({ length: CUSTOMERS_PER_TENANT }, (_, i) => ({ externalId: `${tenant.toLowerCase()}-${i}`, name: `${tenant} customer ${i}` }));

  before(async () => {
    // Two connections for the app: interleaved requests must share them, so a tenant setting that outlived its
    // transaction would be seen by the other tenant's next request.
    harness = await openTestApp({ clock: () => AS_OF }, { poolSize: 2 });
    acme = await newTenant(harness.sql, 'Acme');
    globex = await newTenant(harness.sql, 'Globex');
    for (const [tenant, name] of [[acme, 'Acme'], [globex, 'Globex']] as const) {
      const customers = await post(harness.app, '/v1/customers', tenant.apiKey, { items: customersOf(name) }, { 'idempotency-key': `${name}-customers` });
      assert.equal(customers.statusCode, 200, customers.body);
      const orders = customersOf(name).map((customer, i) => ({
        externalId: `${customer.externalId}-o1`,
        customerId: customer.externalId,
        occurredAt: `2025-0${1 + (i % 6)}-10T10:00:00Z`,
        amount: 1000 * (i + 1),
      }));
      const sent = await post(harness.app, '/v1/orders', tenant.apiKey, { items: orders });
      assert.equal(sent.statusCode, 200, sent.body);
    }
    await harness.app.rescoring.settled();
    tables = await harness.sql<TableSecurity[]>`
      select c.relname as name, c.relrowsecurity as "rowSecurity", c.relforcerowsecurity as forced,
             pg_get_userbyid(c.relowner) as owner, (select count(*)::int from pg_policy p where p.polrelid = c.oid) as policies
      from pg_class c
      where c.relnamespace = current_schema()::regnamespace and c.relkind = 'r' and c.relname <> 'schema_migrations'
      order by c.relname`;
  });

  after(async () => {
    await harness?.close();
  });

  test('every tenant table has forced row-level security with a policy; the app role owns none and bypasses nothing', async () => {
    assert.ok(tables.length >= 20, `expected every table of the schema, found ${tables.map((table) => table.name).join(', ')}`);
    for (const table of tables) {
      assert.ok(table.rowSecurity && table.forced, `${table.name}: row-level security must be enabled and forced`);
      assert.ok(table.policies > 0, `${table.name}: has no policy`);
      assert.notEqual(table.owner, APP_ROLE, `${table.name}: owned by the app role, which would skip the policies`);
    }
    const [role] = await harness.sql<{ super: boolean; bypass: boolean }[]>`
      select rolsuper as super, rolbypassrls as bypass from pg_roles where rolname = ${APP_ROLE}`;
    assert.deepEqual(role, { super: false, bypass: false });
    const [who] = await harness.appSql<{ user: string }[]>`select current_user as user`;
    assert.equal(who?.user, APP_ROLE, 'the app pool runs as the app role');
  });

  test('without a tenant, the app role sees no row of any table and cannot write one', async () => {
    const populated: string[] = [];
    for (const { name } of tables) {
      const [owned] = await harness.sql.unsafe<{ rows: number }[]>(`select count(*)::int as rows from "${name}"`);
      const [seen] = await harness.appSql.unsafe<{ rows: number }[]>(`select count(*)::int as rows from "${name}"`);
      assert.equal(seen?.rows, 0, `${name}: the app role saw ${seen?.rows} rows without a tenant`);
      if ((owned?.rows ?? 0) > 0) populated.push(name);
    }
    // The check above means something only where there were rows to hide.
    for (const name of ['tenants', 'api_keys', 'embed_keys', 'customers', 'orders', 'customer_loyalty', 'idempotency_keys']) {
      assert.ok(populated.includes(name), `${name} has no rows in the fixture`);
    }
    await assert.rejects(
      harness.appSql`insert into customers (tenant_id, external_id, name) values (${acme.tenantId}, 'intruder', 'x')`,
      (error: { code?: string }) => error.code === '42501',
    );
    const updated = await harness.appSql`update customers set name = 'renamed' where tenant_id = ${acme.tenantId}`;
    assert.equal(updated.count, 0);
  });

  test("in a tenant's transaction, only its rows; another tenant's row cannot be written; the tenant ends with the transaction", async () => {
    // One connection throughout, so that "after the transaction" is the same session the tenant was set on.
    // postgres.js gives reserved connections no `begin`: the transaction is spelled out.
    const connection = await harness.appSql.reserve();
    const inTenant = async <T>(tenantId: string, work: (tx: typeof connection) => Promise<T>): Promise<T> => {
      await connection`begin`;
      try {
        // The server's own way of naming the tenant, so that "ends with the transaction" tests it.
        await enterTenant(connection as unknown as TransactionSql, tenantId);
        const result = await work(connection);
        await connection`commit`;
        return result;
      } catch (error) {
        await connection`rollback`;
        throw error;
      }
    };
    try {
      const seen = await inTenant(acme.tenantId, (tx) => tx<{ tenantId: string }[]>`select distinct tenant_id as "tenantId" from customers`);
      assert.deepEqual(seen.map((row) => row.tenantId), [acme.tenantId]);
      const byId = await inTenant(acme.tenantId, (tx) => tx`select 1 from customers where tenant_id = ${globex.tenantId}`);
      assert.equal(byId.length, 0, "naming the other tenant's id in the query does not reach its rows");
      await assert.rejects(
        inTenant(acme.tenantId, (tx) => tx`insert into customers (tenant_id, external_id, name) values (${globex.tenantId}, 'planted', 'x')`),
        (error: { code?: string }) => error.code === '42501',
      );
      await assert.rejects(
        inTenant(acme.tenantId, (tx) => tx`update customers set tenant_id = ${globex.tenantId} where external_id = 'acme-0'`),
        (error: { code?: string }) => error.code === '42501',
      );
      // The same connection, after the transaction: nothing again.
      const [after] = await connection<{ rows: number }[]>`select count(*)::int as rows from customers`;
      assert.equal(after?.rows, 0);
    } finally {
      connection.release();
    }
    const [planted] = await harness.sql<{ rows: number }[]>`select count(*)::int as rows from customers where external_id in ('planted', 'intruder')`;
    assert.equal(planted?.rows, 0);
  });

  test(`${INTERLEAVED_REQUESTS} interleaved requests of two tenants over two connections find no row of the other tenant`, async () => {
    const { app } = harness;
    const tenants = [
      { name: 'Acme', tenant: acme, other: 'globex', token: await mintToken(app, acme.apiKey, 'acme-1') },
      { name: 'Globex', tenant: globex, other: 'acme', token: await mintToken(app, globex.apiKey, 'globex-1') },
    ];
    const random = mulberry32(7);
    const requests = Array.from({ length: INTERLEAVED_REQUESTS }, async (_, i) => {
      const { name, tenant, other, token } = tenants[i % 2] ?? tenants[0]!;
      const customer = Math.floor(random() * CUSTOMERS_PER_TENANT);
      const kind = random();
      const where = `request ${i} (${name})`;
      if (kind < 0.35) {
        const response = await get(app, `/v1/customers/${name.toLowerCase()}-${customer}/value`, tenant.apiKey);
        assert.equal(response.statusCode, 200, `${where}: ${response.body}`);
        assert.equal((response.json() as { customer: { name: string } }).customer.name, `${name} customer ${customer}`, where);
      } else if (kind < 0.6) {
        const response = await app.inject({ method: 'GET', url: '/v1/me', headers: bearer(token) });
        assert.equal(response.statusCode, 200, `${where}: ${response.body}`);
        assert.equal((response.json() as { customer: { name: string } }).customer.name, `${name} customer 1`, where);
      } else if (kind < 0.85) {
        const response = await post(app, '/v1/customers', tenant.apiKey, { items: [{ externalId: `${name.toLowerCase()}-new-${i}`, name: `${name} customer new ${i}` }] });
        assert.equal(response.statusCode, 200, `${where}: ${response.body}`);
      } else {
        // The other tenant's customer, by its real id: as if it did not exist.
        const response = await get(app, `/v1/customers/${other}-${customer}/value`, tenant.apiKey);
        assert.equal(response.statusCode, 404, `${where}: ${response.body}`);
      }
    });
    await Promise.all(requests);
    const misplaced = await harness.sql<{ tenantId: string; name: string }[]>`
      select c.tenant_id as "tenantId", c.name from customers c join tenants t on t.id = c.tenant_id
      where c.name not like t.name || ' customer %'`;
    assert.deepEqual([...misplaced], [], 'every customer row belongs to the tenant whose request wrote it');
    const [written] = await harness.sql<{ rows: number }[]>`select count(*)::int as rows from customers where external_id like '%-new-%'`;
    assert.ok((written?.rows ?? 0) > 100, 'the writes interleaved with the reads');
  });
});
