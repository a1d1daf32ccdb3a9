/**
 * Limits on what a caller may send, walked over every route that takes a body, so that a route added
 * later is held to them too: a body over the route's limit is 413, a batch over 5,000 items is 400,
 * prototype-pollution keys are 400; and the socket-level timeouts of the server.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { openTestApp } from './test-support/test-app.ts';
import { bearer, mintToken, newTenant, post } from './test-support/fixtures.ts';
import { buildApp } from './app.ts';
import { MAX_BATCH_ITEMS } from '../shared/schemas/common.ts';
import type { CreatedTenant } from './db/tenant-repository.ts';
import type { DeclaredRoute } from './plugins/auth.ts';

const BODY_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('limits on every route that takes a body', () => {
  let harness: Awaited<ReturnType<typeof openTestApp>>;
  let acme: CreatedTenant;
  let token: string;
  let bodyRoutes: DeclaredRoute[];

  /** Every row of the tenant in every table, to show that a refused request wrote nothing. */
  const tenantRows = async () => {
    const tables = await harness.sql<{ table: string }[]>`
      select table_name as table from information_schema.columns
      where column_name = 'tenant_id' and table_schema = current_schema() order by 1`;
    let rows = 0;
    for (const { table } of tables) rows += ((await harness.sql`select count(*)::int as n from ${harness.sql(table)} where tenant_id = ${acme.tenantId}`)[0]?.n as number) ?? 0;
    return rows;
  };
  const send = (route: DeclaredRoute, payload: string) =>
    harness.app.inject({
      method: route.method as 'POST',
      url: route.url.replace(/:(\w+)/g, 'x1'),
      headers: { ...(route.auth === 'apiKey' ? bearer(acme.apiKey) : route.auth === 'embed' ? bearer(token) : {}), 'content-type': 'application/json' },
      payload,
    });

  before(async () => {
    harness = await openTestApp();
    acme = await newTenant(harness.sql, 'Acme');
    await post(harness.app, '/v1/customers', acme.apiKey, { items: [{ externalId: 'c1' }] });
    token = await mintToken(harness.app, acme.apiKey, 'c1');
    bodyRoutes = harness.app.declaredRoutes.filter((route) => BODY_METHODS.has(route.method));
    assert.ok(bodyRoutes.length >= 15, 'the routes were collected');
  });
  after(() => harness.close());

  test("a body one byte over the route's limit is refused with 413 before anything runs, on every route", async () => {
    const serverLimit = harness.app.initialConfig.bodyLimit ?? 0;
    const before = await tenantRows();
    for (const route of bodyRoutes) {
      const limit = route.bodyLimit ?? serverLimit;
      assert.ok(limit > 0 && limit <= 32 * 1024 * 1024, `${route.method} ${route.url} has a body limit (${limit})`);
      const padding = 'x'.repeat(limit + 1 - '{"padding":""}'.length);
      const response = await send(route, `{"padding":"${padding}"}`);
      assert.equal(response.statusCode, 413, `${route.method} ${route.url}: ${response.body.slice(0, 200)}`);
      assert.equal(response.json().error.code, 'ctp_body_too_large', `${route.method} ${route.url}`);
    }
    assert.equal(await tenantRows(), before);
  });

  test('small requests have small limits: minting a token, managing keys', () => {
    for (const url of ['/v1/embed-tokens', '/v1/embed-keys', '/v1/embed-keys/:keyId/retire', '/v1/customers/:customerId/revoke-tokens']) {
      const route = bodyRoutes.find((candidate) => candidate.url === url);
      assert.equal(route?.bodyLimit, 16 * 1024, url);
    }
  });

  test(`a batch of more than ${MAX_BATCH_ITEMS} items is refused with 400 naming "items", on every batch route`, async () => {
    const batchRoutes = bodyRoutes.filter((route) => {
      const body = route.schema?.body as { shape?: Record<string, unknown> } | undefined;
      return body?.shape !== undefined && 'items' in body.shape;
    });
    assert.ok(batchRoutes.length >= 8, `batch routes found: ${batchRoutes.map((route) => route.url).join(', ')}`);
    const before = await tenantRows();
    const payload = JSON.stringify({ items: Array.from({ length: MAX_BATCH_ITEMS + 1 }, (_, index) => ({ externalId: `too-many-${index}` })) });
    for (const route of batchRoutes) {
      const response = await send(route, payload);
      assert.equal(response.statusCode, 400, `${route.url}: ${response.body.slice(0, 200)}`);
      const details = response.json().error.details as Array<{ path: string; message: string }>;
      assert.ok(details.some((detail) => detail.path === 'items' && /5000/.test(detail.message)), `${route.url} names the item count`);
    }
    assert.equal(await tenantRows(), before);
  });

  test('prototype-pollution keys (__proto__, constructor.prototype) are refused with 400 on every route with a body', async () => {
    const before = await tenantRows();
    for (const route of bodyRoutes) {
      for (const payload of ['{"__proto__": {"isAdmin": true}, "items": []}', '{"constructor": {"prototype": {"isAdmin": true}}}']) {
        const response = await send(route, payload);
        assert.equal(response.statusCode, 400, `${route.method} ${route.url} ${payload}: ${response.body.slice(0, 200)}`);
      }
    }
    assert.equal(({} as Record<string, unknown>).isAdmin, undefined, 'Object.prototype is untouched');
    assert.equal(await tenantRows(), before);
  });
});

describe('timeouts on the socket', () => {
  const listen = async (timeouts: { requestMs?: number; connectionMs?: number; handlerMs?: number }) => {
    const harness = await openTestApp({ timeouts });
    await harness.app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = harness.app.server.address() as net.AddressInfo;
    return { harness, port };
  };
  /** Opens a socket, writes `text`, and resolves with what the server wrote before closing it, and when. */
  const converse = (port: number, text: string, waitMs: number) =>
    new Promise<{ answer: string; closedAfterMs: number | null }>((resolve) => {
      const started = Date.now();
      let answer = '';
      const socket = net.connect(port, '127.0.0.1', () => socket.write(text));
      socket.on('data', (chunk) => (answer += chunk.toString()));
      socket.on('error', () => {});
      socket.on('close', () => resolve({ answer, closedAfterMs: Date.now() - started }));
      setTimeout(() => {
        socket.destroy();
        resolve({ answer, closedAfterMs: null });
      }, waitMs).unref();
    });

  test('a request that does not arrive whole within requestTimeout gets 408 and its socket closed (slow headers, slow body)', async () => {
    const { harness, port } = await listen({ requestMs: 500 });
    try {
      const slowHeaders = await converse(port, 'POST /v1/customers HTTP/1.1\r\nHost: localhost\r\n', 5000);
      assert.match(slowHeaders.answer, /^HTTP\/1\.1 408/);
      assert.ok(slowHeaders.closedAfterMs !== null && slowHeaders.closedAfterMs < 3000, `closed after ${slowHeaders.closedAfterMs} ms`);
      const acme = await newTenant(harness.sql, 'Acme');
      const slowBody = await converse(port, `POST /v1/customers HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer ${acme.apiKey}\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"items":`, 5000);
      assert.match(slowBody.answer, /^HTTP\/1\.1 408/);
      assert.ok(slowBody.closedAfterMs !== null && slowBody.closedAfterMs < 3000, `closed after ${slowBody.closedAfterMs} ms`);
    } finally {
      await harness.close();
    }
  });

  test('a socket that stays silent past connectionTimeout is closed', async () => {
    const { harness, port } = await listen({ connectionMs: 300 });
    try {
      const silent = await converse(port, '', 5000);
      assert.ok(silent.closedAfterMs !== null && silent.closedAfterMs < 2000, `closed after ${silent.closedAfterMs} ms`);
    } finally {
      await harness.close();
    }
  });

  test('over HTTP, with a handler timeout, a batch in time is written (reading the body must not count as a timeout)', async () => {
    const { harness, port } = await listen({ handlerMs: 10_000 });
    try {
      const acme = await newTenant(harness.sql, 'Acme');
      const response = await fetch(`http://127.0.0.1:${port}/v1/customers`, {
        method: 'POST',
        headers: { ...bearer(acme.apiKey), 'content-type': 'application/json' },
        body: JSON.stringify({ items: Array.from({ length: 2000 }, (_, index) => ({ externalId: `http-${index}`, name: 'x'.repeat(50) })) }),
      });
      assert.equal(response.status, 200, await response.clone().text());
      assert.deepEqual(await response.json(), { inserted: 2000, updated: 0, unchanged: 0 });
      await sleep(50);
      const [row] = await harness.sql`select count(*)::int as n from customers where tenant_id = ${acme.tenantId}`;
      assert.equal(row?.n, 2000);
    } finally {
      await harness.close();
    }
  });

  test('buildApp sets no socket or handler timeouts unless asked (main.ts always asks)', async () => {
    const harness = await openTestApp();
    try {
      assert.equal(harness.app.server.requestTimeout, 0);
      assert.equal(harness.app.initialConfig.connectionTimeout, 0);
      const withTimeouts = await buildApp({ sql: harness.appSql, timeouts: { requestMs: 1000, connectionMs: 2000, handlerMs: 3000 } });
      assert.equal(withTimeouts.server.requestTimeout, 1000);
      assert.equal(withTimeouts.initialConfig.connectionTimeout, 2000);
      await withTimeouts.close();
    } finally {
      await harness.close();
    }
  });
});
