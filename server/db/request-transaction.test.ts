import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import Fastify, { type FastifyRequest } from 'fastify';
import type { TransactionSql } from 'postgres';
import errorsPlugin from '../plugins/errors.ts';
import type { Database } from './connect.ts';
import { requestTransaction } from './request-transaction.ts';
import type { CreatedTenant } from './tenant-repository.ts';
import { openTestDatabase } from '../test-support/test-app.ts';
import { newTenant } from '../test-support/fixtures.ts';

/** Fails the transaction with PostgreSQL's own error of this SQLSTATE. */
const raise = (tx: TransactionSql, sqlstate: string) => tx.unsafe(`do $$ begin raise exception 'planted' using errcode = '${sqlstate}'; end $$`);

describe('request transactions', () => {
  let database: Database;
  let tenant: CreatedTenant;
  const warnings: unknown[] = [];
  // What requestTransaction reads of Fastify's request: the route's handler timeout (none), the tenant and the log.
  const request = () => ({ routeOptions: { handlerTimeout: 0 }, tenantId: tenant.tenantId, log: { warn: (entry: unknown) => warnings.push(entry) } }) as unknown as FastifyRequest;
  const customers = async () => (await database.sql`select external_id from customers where tenant_id = ${tenant.tenantId} order by 1`).map((row) => row.external_id as string);

  before(async () => {
    database = await openTestDatabase();
    tenant = await newTenant(database.sql);
  });
  after(() => database.close());

  test('a deadlock rolls back the attempt, which is run again; the second attempt commits alone', async () => {
    let attempts = 0;
    const value = await requestTransaction(database.appSql, request(), async (tx) => {
      attempts += 1;
      await tx`insert into customers (tenant_id, external_id) values (${tenant.tenantId}, ${`attempt-${attempts}`})`;
      if (attempts === 1) await raise(tx, '40P01');
      return 'done';
    });
    assert.equal(value, 'done');
    assert.equal(attempts, 2);
    assert.deepEqual(await customers(), ['attempt-2']);
    assert.equal(warnings.length, 1);
  });

  test('a serialization failure is retried too, and one that persists fails after three attempts with nothing written', async () => {
    let attempts = 0;
    await assert.rejects(
      requestTransaction(database.appSql, request(), async (tx) => {
        attempts += 1;
        await tx`insert into customers (tenant_id, external_id) values (${tenant.tenantId}, ${`always-${attempts}`})`;
        await raise(tx, '40001');
      }),
      (error: { code?: string }) => error.code === '40001',
    );
    assert.equal(attempts, 3);
    assert.deepEqual(await customers(), ['attempt-2']);
  });

  test('other errors are not retried', async () => {
    let attempts = 0;
    await assert.rejects(
      requestTransaction(database.appSql, request(), async (tx) => {
        attempts += 1;
        await raise(tx, '23505');
      }),
      (error: { code?: string }) => error.code === '23505',
    );
    assert.equal(attempts, 1);
  });

  test('a conflict that outlasts the retries is answered 503 with Retry-After, and says the batch may be sent again', async () => {
    const app = Fastify();
    await app.register(errorsPlugin);
    app.decorateRequest('tenantId', '');
    app.post('/batch', async (req) => {
      req.tenantId = tenant.tenantId;
      return requestTransaction(database.appSql, req, (tx) => raise(tx, '40P01'));
    });
    try {
      const response = await app.inject({ method: 'POST', url: '/batch' });
      assert.equal(response.statusCode, 503);
      assert.equal(response.headers['retry-after'], '1');
      assert.equal(response.json().error.code, 'database_conflict');
      assert.match(response.json().error.message, /retry it/);
    } finally {
      await app.close();
    }
  });
});
