import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Sql } from 'postgres';
import { openTestDatabase } from '../test-support/test-app.ts';
import { newTenant } from '../test-support/fixtures.ts';
import { alongsideOf, snapshotPoolOf } from './shared-snapshot.ts';
import { withTenant } from './tenant-scope.ts';
import type { Database } from './connect.ts';
import type { CreatedTenant } from './tenant-repository.ts';

const onServer = Boolean(process.env.DATABASE_URL);

describe('a read alongside a transaction, on the snapshot it shares', () => {
  let database: Database;
  let acme: CreatedTenant;
  let globex: CreatedTenant;

  before(async () => {
    database = await openTestDatabase();
    acme = await newTenant(database.sql, 'Acme');
    globex = await newTenant(database.sql, 'Globex');
    await database.sql`insert into customers (tenant_id, external_id) values (${acme.tenantId}, 'a1'), (${globex.tenantId}, 'g1')`;
  });
  after(() => database.close());

  const customerIds = async (sql: Sql | Parameters<Parameters<typeof withTenant>[2]>[0]) =>
    (await sql<Array<{ id: string }>>`select external_id as id from customers order by 1`).map((row) => row.id);

  test(
    'runs on a connection of its own and sees what the first transaction sees: not a row committed since, nor another tenant',
    { skip: onServer ? false : 'the embedded database is one session: the test below covers it' },
    async () => {
      assert.ok(snapshotPoolOf(database.appSql), 'a server database has a snapshot pool');
      const seen = await withTenant(
        database.appSql,
        acme.tenantId,
        async (tx) => {
          const first = await customerIds(tx); // takes the transaction's snapshot
          await database.sql`insert into customers (tenant_id, external_id) values (${acme.tenantId}, 'a2')`;
          const [mine] = await tx<Array<{ pid: number }>>`select pg_backend_pid() as pid`;
          const alongside = await alongsideOf(database.appSql, tx, acme.tenantId, async (side) => {
            const [theirs] = await side<Array<{ pid: number }>>`select pg_backend_pid() as pid`;
            return { ids: await customerIds(side), pid: theirs?.pid };
          });
          return { first, alongside, pid: mine?.pid };
        },
        { isolation: 'repeatable read' },
      );
      assert.deepEqual(seen.first, ['a1']);
      assert.deepEqual(seen.alongside.ids, ['a1'], 'the row committed after the snapshot is not seen, nor Globex\'s customer');
      assert.notEqual(seen.alongside.pid, seen.pid, 'another backend ran it');
      assert.deepEqual(await withTenant(database.appSql, acme.tenantId, (tx) => customerIds(tx)), ['a1', 'a2'], 'a later transaction sees the row');
    },
  );

  test(
    'on the embedded database runs in the first transaction itself',
    { skip: onServer ? 'a server database runs it on its own connection: the test above covers it' : false },
    async () => {
      assert.equal(snapshotPoolOf(database.appSql), undefined);
      await withTenant(database.appSql, globex.tenantId, async (tx) => {
        const ran = await alongsideOf(database.appSql, tx, globex.tenantId, async (side) => ({ same: side === tx, ids: await customerIds(side) }));
        assert.deepEqual(ran, { same: true, ids: ['g1'] });
      });
    },
  );

  test('a failure alongside fails the read, and the first transaction is rolled back', async () => {
    await assert.rejects(
      withTenant(
        database.appSql,
        acme.tenantId,
        async (tx) => {
          await tx`update customers set name = 'written before the failure' where external_id = 'a1'`;
          await alongsideOf(database.appSql, tx, acme.tenantId, async (side) => side`select 1 / 0`);
        },
        { isolation: 'repeatable read' },
      ),
      /division by zero/,
    );
    const [row] = await database.sql`select name from customers where tenant_id = ${acme.tenantId} and external_id = 'a1'`;
    assert.equal(row?.name, null);
  });
});
