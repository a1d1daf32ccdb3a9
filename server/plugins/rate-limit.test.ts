import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { openTestApp } from '../test-support/test-app.ts';
import { bearer, mintToken, newTenant } from '../test-support/fixtures.ts';
import type { RateLimitOptions } from './rate-limit.ts';
import type { AppOptions } from '../app.ts';

const limits = (overrides: Partial<RateLimitOptions>): RateLimitOptions => ({ perIp: 0, perTenant: 0, apiKeyFailuresPerIp: 0, windowMs: 60_000, ...overrides });

/** An app with these options and two tenants; closed after `run`. */
async function withApp(options: Omit<AppOptions, 'sql'>, run: (context: Awaited<ReturnType<typeof setUp>>) => Promise<void>) {
  const context = await setUp(options);
  try {
    await run(context);
  } finally {
    await context.harness.close();
  }
}

async function setUp(options: Omit<AppOptions, 'sql'>) {
  const harness = await openTestApp(options);
  const acme = await newTenant(harness.sql, 'Acme');
  const globex = await newTenant(harness.sql, 'Globex');
  // Straight into the database, so that every count starts at zero.
  for (const tenant of [acme, globex]) await harness.sql`insert into customers (tenant_id, external_id) values (${tenant.tenantId}, 'c1')`;
  const call = (credential: string, { from = '192.0.2.1', headers = {} as Record<string, string>, url = '/v1/program' } = {}) =>
    harness.app.inject({ method: 'GET', url, remoteAddress: from, headers: { ...bearer(credential), ...headers } });
  return { harness, acme, globex, call };
}

describe('rate limits', () => {
  test('repeated API-key failures from one address get 429 with Retry-After, even for the right key, until the window ends', async () => {
    await withApp({ rateLimits: limits({ apiKeyFailuresPerIp: 3, windowMs: 1500 }) }, async ({ acme, call }) => {
      const wrong = acme.apiKey.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A'));
      for (let i = 0; i < 3; i += 1) assert.equal((await call(wrong)).statusCode, 401);
      const blocked = await call(acme.apiKey);
      assert.equal(blocked.statusCode, 429);
      assert.equal(blocked.json().error.code, 'rate_limited');
      const retryAfter = Number(blocked.headers['retry-after']);
      assert.ok(retryAfter >= 1 && retryAfter <= 2, `Retry-After ${blocked.headers['retry-after']}`);
      assert.equal((await call(acme.apiKey, { from: '192.0.2.2' })).statusCode, 200, 'another address is not blocked');
      await new Promise((resolve) => setTimeout(resolve, 1600));
      assert.equal((await call(acme.apiKey)).statusCode, 200, 'after the window the right key works again');
    });
  });

  test('successful API-key requests never count as failures', async () => {
    await withApp({ rateLimits: limits({ apiKeyFailuresPerIp: 2 }) }, async ({ acme, call }) => {
      for (let i = 0; i < 10; i += 1) assert.equal((await call(acme.apiKey)).statusCode, 200);
    });
  });

  test('per address: past the limit an address gets 429 with Retry-After on every route; other addresses do not', async () => {
    await withApp({ rateLimits: limits({ perIp: 5 }) }, async ({ acme, harness, call }) => {
      for (let i = 0; i < 5; i += 1) assert.equal((await call(acme.apiKey)).statusCode, 200);
      const limited = await call(acme.apiKey);
      assert.equal(limited.statusCode, 429);
      assert.ok(Number(limited.headers['retry-after']) > 0);
      assert.deepEqual(Object.keys(limited.json().error).sort(), ['code', 'message']);
      const health = await harness.app.inject({ method: 'GET', url: '/healthz', remoteAddress: '192.0.2.1' });
      assert.equal(health.statusCode, 429, 'the limit is counted before the route, whatever the route');
      assert.equal((await call(acme.apiKey, { from: '192.0.2.7' })).statusCode, 200);
    });
  });

  test('per tenant: past the limit the tenant gets 429 from any address, with API keys and embed tokens; other tenants do not', async () => {
    await withApp({ rateLimits: limits({ perTenant: 4 }) }, async ({ acme, globex, harness, call }) => {
      const token = await mintToken(harness.app, acme.apiKey, 'c1'); // 1
      assert.equal((await call(acme.apiKey, { from: '192.0.2.11' })).statusCode, 200); // 2
      assert.equal((await call(token, { from: '192.0.2.12', url: '/v1/me' })).statusCode, 200); // 3
      assert.equal((await call(acme.apiKey, { from: '192.0.2.13' })).statusCode, 200); // 4
      const limited = await call(token, { from: '192.0.2.14', url: '/v1/me' });
      assert.equal(limited.statusCode, 429);
      assert.ok(Number(limited.headers['retry-after']) > 0);
      assert.equal((await call(globex.apiKey, { from: '192.0.2.11' })).statusCode, 200);
    });
  });

  test('X-Forwarded-For is ignored unless trustProxy is configured, so a caller cannot pick its own address', async () => {
    await withApp({ rateLimits: limits({ perIp: 2 }) }, async ({ acme, call }) => {
      for (const forwarded of ['198.51.100.1', '198.51.100.2']) {
        assert.equal((await call(acme.apiKey, { headers: { 'x-forwarded-for': forwarded } })).statusCode, 200);
      }
      assert.equal((await call(acme.apiKey, { headers: { 'x-forwarded-for': '198.51.100.3' } })).statusCode, 429);
    });
  });

  test('with trustProxy naming the proxy, its X-Forwarded-For is the address; from anyone else the header is ignored', async () => {
    await withApp({ rateLimits: limits({ perIp: 2 }), trustProxy: '192.0.2.1' }, async ({ acme, call }) => {
      for (const forwarded of ['198.51.100.1', '198.51.100.2', '198.51.100.3']) {
        assert.equal((await call(acme.apiKey, { headers: { 'x-forwarded-for': forwarded } })).statusCode, 200, `${forwarded} has its own count`);
      }
      assert.equal((await call(acme.apiKey, { headers: { 'x-forwarded-for': '198.51.100.1' } })).statusCode, 200);
      assert.equal((await call(acme.apiKey, { headers: { 'x-forwarded-for': '198.51.100.1' } })).statusCode, 429);
      const untrusted = { from: '192.0.2.99' };
      assert.equal((await call(acme.apiKey, { ...untrusted, headers: { 'x-forwarded-for': '203.0.113.1' } })).statusCode, 200);
      assert.equal((await call(acme.apiKey, { ...untrusted, headers: { 'x-forwarded-for': '203.0.113.2' } })).statusCode, 200);
      assert.equal((await call(acme.apiKey, { ...untrusted, headers: { 'x-forwarded-for': '203.0.113.3' } })).statusCode, 429);
    });
  });

  test('without limits configured (the default of buildApp) nothing is limited', async () => {
    await withApp({}, async ({ acme, call }) => {
      const wrong = `${acme.apiKey}x`;
      for (let i = 0; i < 30; i += 1) assert.equal((await call(wrong)).statusCode, 401);
      assert.equal((await call(acme.apiKey)).statusCode, 200);
    });
  });

  test('a limited request writes nothing', async () => {
    await withApp({ rateLimits: limits({ perIp: 1 }) }, async ({ acme, harness }) => {
      const send = (externalId: string) =>
        harness.app.inject({ method: 'POST', url: '/v1/customers', remoteAddress: '192.0.2.30', headers: bearer(acme.apiKey), payload: { items: [{ externalId }] } });
      assert.equal((await send('first')).statusCode, 200);
      assert.equal((await send('second')).statusCode, 429);
      const rows = await harness.sql`select external_id from customers where tenant_id = ${acme.tenantId} and external_id = 'second'`;
      assert.equal(rows.length, 0);
    });
  });
});
