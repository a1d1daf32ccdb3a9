import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import Fastify from 'fastify';
import { openTestApp } from './test-support/test-app.ts';
import { get, mintToken, newTenant, post } from './test-support/fixtures.ts';
import authPlugin from './plugins/auth.ts';
import storedViewCachePlugin, { STORED_VIEW_CACHE_OFF } from './plugins/stored-view-cache.ts';
import dbPlugin from './plugins/db.ts';
import type { CreatedTenant } from './db/tenant-repository.ts';

describe('the app around the routes', () => {
  let harness: Awaited<ReturnType<typeof openTestApp>>;
  let acme: CreatedTenant;

  before(async () => {
    harness = await openTestApp();
    acme = await newTenant(harness.sql, 'Acme', ['https://app.acme.test']);
    await newTenant(harness.sql, 'Globex', ['https://globex.test']);
    await post(harness.app, '/v1/customers', acme.apiKey, { items: [{ externalId: 'c1' }] });
  });
  after(() => harness.close());

  test('/healthz and /readyz answer without credentials', async () => {
    assert.deepEqual((await get(harness.app, '/healthz')).json(), { status: 'ok' });
    assert.deepEqual((await get(harness.app, '/readyz')).json(), { status: 'ready' });
  });

  test('the OpenAPI document describes every public route, generated from the zod schemas', async () => {
    const response = await get(harness.app, '/openapi.json');
    assert.equal(response.statusCode, 200);
    const document = response.json() as { paths: Record<string, Record<string, { requestBody?: { content: Record<string, { schema: { properties: Record<string, unknown> } }> } }>> };
    for (const path of ['/v1/customers', '/v1/orders', '/v1/embed-tokens', '/v1/me', '/v1/customers/{customerId}/value']) {
      assert.ok(document.paths[path], `${path} is documented`);
    }
    const orderBody = document.paths['/v1/orders']?.post?.requestBody?.content['application/json']?.schema;
    assert.ok(orderBody?.properties.items, 'the order batch schema is in the document');
    const page = await get(harness.app, '/docs/');
    assert.equal(page.statusCode, 200);
  });

  test('errors have one shape and never a stack trace', async () => {
    const missing = await get(harness.app, '/v1/nowhere');
    assert.equal(missing.statusCode, 404);
    assert.deepEqual(Object.keys(missing.json()), ['error']);
    assert.equal(missing.json().error.code, 'not_found');
  });

  test('CORS: a preflight from an origin a tenant configured is allowed, any other is not', async () => {
    const preflight = (origin: string) =>
      harness.app.inject({ method: 'OPTIONS', url: '/v1/me', headers: { origin, 'access-control-request-method': 'GET', 'access-control-request-headers': 'authorization' } });
    const allowed = await preflight('https://app.acme.test');
    assert.equal(allowed.headers['access-control-allow-origin'], 'https://app.acme.test');
    const other = await preflight('https://evil.test');
    assert.equal(other.headers['access-control-allow-origin'], undefined);
  });

  test("CORS: a widget call from another tenant's origin is refused even with a valid token", async () => {
    const token = await mintToken(harness.app, acme.apiKey, 'c1');
    const own = await get(harness.app, '/v1/me', token, { origin: 'https://app.acme.test' });
    assert.equal(own.statusCode, 200);
    const foreign = await get(harness.app, '/v1/me', token, { origin: 'https://globex.test' });
    assert.equal(foreign.statusCode, 403);
  });

  test('CORS: a refused token is answered with the CORS headers, so a widget on another origin sees the 401', async () => {
    // Without them the browser reports a failed request, and the widget never asks its tokenProvider again.
    const refused = await get(harness.app, '/v1/me', 'not.a.token', { origin: 'https://app.acme.test' });
    assert.equal(refused.statusCode, 401);
    assert.equal(refused.headers['access-control-allow-origin'], 'https://app.acme.test');
    assert.match(String(refused.headers['access-control-expose-headers']), /Retry-After/);
    const unknown = await get(harness.app, '/v1/me', 'not.a.token', { origin: 'https://evil.test' });
    assert.equal(unknown.headers['access-control-allow-origin'], undefined);
  });

  test('the built widget is served at /widget/openbook-clv.js, and nothing outside its folder is', async () => {
    const widget = await get(harness.app, '/widget/openbook-clv.js');
    assert.equal(widget.statusCode, 200, 'run "npm run build" before the tests');
    assert.match(String(widget.headers['content-type']), /javascript/);
    assert.match(widget.body, /openbook-clv/);
    const escape = await get(harness.app, '/widget/..%2F..%2Fpackage.json');
    assert.notEqual(escape.statusCode, 200);
  });

  test("the widget's scripts go out as their build-time brotli or gzip copy to a browser that accepts one", async () => {
    const plain = await get(harness.app, '/widget/openbook-clv.js');
    assert.equal(plain.headers['content-encoding'], undefined);
    const asBrowsersAsk = await get(harness.app, '/widget/openbook-clv.js', undefined, { 'accept-encoding': 'gzip, deflate, br, zstd' });
    const gzipOnly = await get(harness.app, '/widget/openbook-clv.js', undefined, { 'accept-encoding': 'gzip, deflate' });
    assert.equal(asBrowsersAsk.headers['content-encoding'], 'br');
    assert.equal(gzipOnly.headers['content-encoding'], 'gzip');
    for (const response of [plain, asBrowsersAsk, gzipOnly]) {
      assert.equal(response.statusCode, 200);
      assert.match(String(response.headers['content-type']), /javascript/);
      assert.match(String(response.headers.vary), /accept-encoding/i);
    }
    assert.deepEqual(brotliDecompressSync(asBrowsersAsk.rawPayload), plain.rawPayload);
    assert.deepEqual(gunzipSync(gzipOnly.rawPayload), plain.rawPayload);
    // What the size budget counts (vite.config.ts) is what goes out.
    assert.ok(gzipOnly.rawPayload.length <= 30_000, `${gzipOnly.rawPayload.length} bytes gzipped`);
    assert.ok(asBrowsersAsk.rawPayload.length < gzipOnly.rawPayload.length);
  });

  test('a route that declares no auth policy cannot be registered', async () => {
    const app = Fastify();
    await app.register(dbPlugin, { sql: harness.sql });
    await app.register(storedViewCachePlugin, STORED_VIEW_CACHE_OFF);
    await app.register(authPlugin);
    await assert.rejects(async () => {
      app.get('/undeclared', async () => 'oops');
      await app.ready();
    }, /declares no auth policy/);
    await app.close();
  });
});
