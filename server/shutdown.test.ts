/**
 * Graceful shutdown of the real server process (server/main.ts): on SIGTERM /readyz turns 503 first while
 * requests are still served, in-flight requests finish (each batch commits whole), and the process exits 0.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import postgres from 'postgres';
import { startServerProcess, type ServerProcess } from './test-support/server-process.ts';
import { openDatabase, type Database } from './db/connect.ts';
import { createTenant, type CreatedTenant } from './db/tenant-repository.ts';

const DRAIN_MS = 2000;
const SLOW_AMOUNT = 4242;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Where the child keeps its data: a fresh schema on the PostgreSQL server, or a fresh embedded folder. */
async function childDatabase(): Promise<{ env: Record<string, string>; open: () => Promise<Database>; cleanUp: () => Promise<void> }> {
  const serverUrl = process.env.DATABASE_URL;
  if (serverUrl) {
    const schema = `test_shutdown_${randomBytes(5).toString('hex')}`;
    const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
    await admin`create schema ${admin(schema)}`;
    const url = new URL(serverUrl);
    url.searchParams.set('search_path', schema);
    return {
      env: { DATABASE_URL: url.toString() },
      open: () => openDatabase({ databaseUrl: serverUrl, schema, max: 2 }),
      async cleanUp() {
        await admin`drop schema ${admin(schema)} cascade`;
        await admin.end();
      },
    };
  }
  const dataDir = await mkdtemp(path.join(tmpdir(), 'openbook-shutdown-'));
  return {
    env: { OPENBOOK_DATA_DIR: dataDir, DATABASE_URL: '' },
    // While the server runs this connects to its database; after it exits, it opens the folder itself.
    open: () => openDatabase({ dataDir, max: 2 }),
    cleanUp: () => rm(dataDir, { recursive: true, force: true }),
  };
}

const order = (externalId: string, amount: number) => ({ externalId, customerId: 'c1', occurredAt: '2026-02-01T10:00:00Z', amount });

describe('graceful shutdown', () => {
  let database: Awaited<ReturnType<typeof childDatabase>>;
  let server: ServerProcess;
  let acme: CreatedTenant;

  before(async () => {
    database = await childDatabase();
    server = await startServerProcess({ ...database.env, OPENBOOK_SHUTDOWN_DRAIN_MS: String(DRAIN_MS), OPENBOOK_HANDLER_TIMEOUT_MS: '30000' });
    const db = await database.open();
    try {
      acme = await createTenant(db.sql, { name: 'Acme' });
      await db.sql.unsafe(`
        create function slow_order_insert() returns trigger language plpgsql as $$
        begin
          if new.amount = ${SLOW_AMOUNT} then perform pg_sleep(1); end if;
          return new;
        end $$;
        create trigger slow_order_insert before insert on orders for each row execute function slow_order_insert();`);
    } finally {
      await db.close();
    }
    const customers = await fetch(`${server.base}/v1/customers`, {
      method: 'POST',
      headers: { authorization: `Bearer ${acme.apiKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ items: [{ externalId: 'c1' }] }),
    });
    assert.equal(customers.status, 200, await customers.text());
  });
  after(async () => {
    await server.stop();
    await database.cleanUp();
  });

  test('on SIGTERM /readyz turns 503 first, in-flight batches commit whole, and the process exits 0', async () => {
    const exited = new Promise<number | null>((resolve) => server.child.once('exit', (code) => resolve(code)));
    assert.equal((await fetch(`${server.base}/readyz`)).status, 200);

    // A: a batch whose body is still arriving when the signal comes.
    const streamed = { items: Array.from({ length: 500 }, (_, index) => order(`streamed-${index}`, 1000 + index)) };
    const body = Buffer.from(JSON.stringify(streamed));
    const { port } = new URL(server.base);
    const request = http.request({ host: '127.0.0.1', port, path: '/v1/orders', method: 'POST', headers: { authorization: `Bearer ${acme.apiKey}`, 'content-type': 'application/json', 'content-length': body.length } });
    const answerA = new Promise<{ status: number; text: string }>((resolve, reject) => {
      request.on('response', (response) => {
        let text = '';
        response.on('data', (chunk: Buffer) => (text += chunk.toString()));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, text }));
      });
      request.on('error', reject);
    });
    request.write(body.subarray(0, 1000));

    // B: a batch inside the database (one of its orders takes a second to insert) when the signal comes.
    const answerB = fetch(`${server.base}/v1/orders`, {
      method: 'POST',
      headers: { authorization: `Bearer ${acme.apiKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ items: [order('slow-1', 500), order('slow-2', SLOW_AMOUNT), order('slow-3', 700)] }),
    }).then(async (response) => ({ status: response.status, text: await response.text() }));
    await sleep(300);
    server.child.kill('SIGTERM');

    // Readiness fails while requests are still being served. (With PGlite the database runs inside the
    // server process, so the signal is handled once B's statement is done.)
    let ready = 200;
    const startedPolling = Date.now();
    while (ready !== 503 && Date.now() - startedPolling < DRAIN_MS + 1000) {
      ready = (await fetch(`${server.base}/readyz`)).status;
      if (ready !== 503) await sleep(50);
    }
    assert.equal(ready, 503, '/readyz answers 503 after SIGTERM');
    const health = await fetch(`${server.base}/healthz`);
    assert.equal(health.status, 200, 'still serving while draining');

    request.end(body.subarray(1000));
    const [a, b] = await Promise.all([answerA, answerB]);
    assert.equal(a.status, 200, a.text);
    assert.deepEqual(JSON.parse(a.text), { inserted: 500, updated: 0, unchanged: 0 });
    assert.equal(b.status, 200, b.text);
    assert.deepEqual(JSON.parse(b.text), { inserted: 3, updated: 0, unchanged: 0 });

    assert.equal(await exited, 0, 'the process exits 0');
    await assert.rejects(fetch(`${server.base}/healthz`), 'nothing listens any more');

    const db = await database.open();
    try {
      const rows = await db.sql<{ prefix: string; n: number }[]>`
        select split_part(external_id, '-', 1) as prefix, count(*)::int as n from orders
        where tenant_id = ${acme.tenantId} group by 1 order by 1`;
      assert.deepEqual([...rows], [{ prefix: 'slow', n: 3 }, { prefix: 'streamed', n: 500 }], 'both batches were committed whole');
    } finally {
      await db.close();
    }
  });
});
