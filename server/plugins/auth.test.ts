import { after, before, describe, mock, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { openTestApp } from '../test-support/test-app.ts';
import { get, newTenant, post } from '../test-support/fixtures.ts';
import { signEmbedToken } from '../embed-token.ts';
import type { CreatedTenant } from '../db/tenant-repository.ts';

const b64 = (value: unknown) => Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');

/** A hand-rolled JWT, so that tests can make every kind of bad token the library would refuse to make. */
function craft(header: Record<string, unknown>, claims: Record<string, unknown>, secret: string | null): string {
  const input = `${b64(header)}.${b64(claims)}`;
  const signature = secret === null ? '' : createHmac('sha256', secret).update(input).digest('base64url');
  return `${input}.${signature}`;
}

describe('embed tokens', () => {
  let harness: Awaited<ReturnType<typeof openTestApp>>;
  let acme: CreatedTenant;
  let globex: CreatedTenant;
  const now = () => Math.floor(Date.now() / 1000);
  const header = (tenant: CreatedTenant) => ({ alg: 'HS256', typ: 'openbook-embed+jwt', kid: tenant.embedKeyId });
  const claims = (tenant: CreatedTenant, overrides: Record<string, unknown> = {}) => ({
    iss: tenant.tenantId, aud: 'openbook', sub: 'c1', role: 'customer', iat: now(), exp: now() + 600, ...overrides,
  });
  const status = async (token: string) => (await get(harness.app, '/v1/me', token)).statusCode;

  before(async () => {
    harness = await openTestApp();
    acme = await newTenant(harness.sql, 'Acme');
    globex = await newTenant(harness.sql, 'Globex');
    for (const tenant of [acme, globex]) {
      await post(harness.app, '/v1/customers', tenant.apiKey, { items: [{ externalId: 'c1' }, { externalId: 'c2' }] });
    }
  });
  after(() => harness.close());

  test('a well-formed token of the tenant is accepted (the control for every refusal below)', async () => {
    assert.equal(await status(craft(header(acme), claims(acme), acme.embedSecret)), 200);
    const minted = signEmbedToken({ tenantId: acme.tenantId, keyId: acme.embedKeyId, secret: acme.embedSecret, customerId: 'c1', role: 'customer' });
    assert.equal(await status(minted.token), 200);
  });

  test("a new embed key's verifier, which keeps tokens by the token itself, adds no warning to the log; other warnings pass", async () => {
    const warnings: string[] = [];
    const heard = (warning: Error & { code?: string }) => warnings.push(warning.code ?? warning.message);
    process.on('warning', heard);
    try {
      // A key this server has not verified with yet: @fastify/jwt makes its verifier now.
      const initech = await newTenant(harness.sql, 'Initech');
      await post(harness.app, '/v1/customers', initech.apiKey, { items: [{ externalId: 'c1' }] });
      assert.equal(await status(craft(header(initech), claims(initech), initech.embedSecret)), 200);
      process.emitWarning('a warning of this test, which must still be heard', { code: 'OPENBOOK_TEST_WARNING' });
      await new Promise((resolve) => setImmediate(resolve)); // warnings are emitted on the next tick
    } finally {
      process.off('warning', heard);
    }
    assert.deepEqual(warnings, ['OPENBOOK_TEST_WARNING']);
  });

  const refusals: Array<[string, () => string]> = [
    ['unsigned (alg: none)', () => craft({ ...header(acme), alg: 'none' }, claims(acme), null)],
    ['signed with another secret', () => craft(header(acme), claims(acme), globex.embedSecret)],
    ['tampered payload', () => {
      const [h, , s] = craft(header(acme), claims(acme), acme.embedSecret).split('.');
      return `${h}.${b64(claims(acme, { sub: 'c2' }))}.${s}`;
    }],
    ['expired', () => craft(header(acme), claims(acme, { iat: now() - 1200, exp: now() - 600 }), acme.embedSecret)],
    ['not yet valid', () => craft(header(acme), claims(acme, { nbf: now() + 600 }), acme.embedSecret)],
    ['wrong audience', () => craft(header(acme), claims(acme, { aud: 'someone-else' }), acme.embedSecret)],
    ['wrong typ', () => craft({ ...header(acme), typ: 'JWT' }, claims(acme), acme.embedSecret)],
    ['lifetime over one hour', () => craft(header(acme), claims(acme, { exp: now() + 3601 + 60 }), acme.embedSecret)],
    ['missing exp', () => craft(header(acme), { ...claims(acme), exp: undefined }, acme.embedSecret)],
    ['missing sub', () => craft(header(acme), { ...claims(acme), sub: undefined }, acme.embedSecret)],
    ['missing role', () => craft(header(acme), { ...claims(acme), role: undefined }, acme.embedSecret)],
    ['unknown role', () => craft(header(acme), claims(acme, { role: 'admin' }), acme.embedSecret)],
    ['rep without a rep id', () => craft(header(acme), claims(acme, { role: 'rep' }), acme.embedSecret)],
    ['unknown kid', () => craft({ ...header(acme), kid: 'ek_nope' }, claims(acme), acme.embedSecret)],
    ["kid with injection characters", () => craft({ ...header(acme), kid: "x' or '1'='1" }, claims(acme), acme.embedSecret)],
    ["tenant A's key claiming tenant B", () => craft(header(acme), claims(globex), acme.embedSecret)],
    ["tenant B's kid with tenant A's secret", () => craft(header(globex), claims(globex), acme.embedSecret)],
    ['HS512 instead of the pinned HS256', () => {
      const input = `${b64({ ...header(acme), alg: 'HS512' })}.${b64(claims(acme))}`;
      return `${input}.${createHmac('sha512', acme.embedSecret).update(input).digest('base64url')}`;
    }],
    ['garbage', () => 'not-a-jwt'],
  ];
  for (const [name, make] of refusals) {
    test(`refused: ${name}`, async () => {
      const response = await get(harness.app, '/v1/me', make());
      assert.equal(response.statusCode, 401, response.body);
      assert.deepEqual(response.json(), { error: { code: 'unauthorized', message: 'invalid or expired embed token' } });
    });
  }

  test("the vendor's clock may be 30 seconds off either way, and no more", async () => {
    const signed = (overrides: Record<string, unknown>) => craft(header(acme), claims(acme, overrides), acme.embedSecret);
    assert.equal(await status(signed({ iat: now() - 600, exp: now() - 20 })), 200, 'expired 20 s ago');
    assert.equal(await status(signed({ iat: now() - 600, exp: now() - 40 })), 401, 'expired 40 s ago');
    assert.equal(await status(signed({ nbf: now() + 20 })), 200, 'valid in 20 s');
    assert.equal(await status(signed({ nbf: now() + 40 })), 401, 'valid in 40 s');
    assert.equal(await status(signed({ iat: now() + 20, exp: now() + 600 })), 200, 'issued in 20 s');
    assert.equal(await status(signed({ iat: now() + 40, exp: now() + 600 })), 401, 'issued in 40 s');
  });

  test('a token accepted before is refused once it expires; one refused as not yet valid is accepted once it is', async (t) => {
    // Tokens a verifier accepted are kept (plugins/auth.ts): what it kept must not outlive the token.
    mock.timers.enable({ apis: ['Date'], now: Date.now() });
    t.after(() => mock.timers.reset());
    const expiring = craft(header(acme), claims(acme, { iat: now(), exp: now() + 60 }), acme.embedSecret);
    const later = craft(header(acme), claims(acme, { iat: now(), exp: now() + 600, nbf: now() + 40 }), acme.embedSecret);
    assert.equal(await status(expiring), 200);
    assert.equal(await status(later), 401);
    mock.timers.tick(15_000);
    assert.equal(await status(later), 200, 'valid in 25 s: within the tolerance, and not answered from the refusal before');
    mock.timers.tick(74_000);
    assert.equal(await status(expiring), 200, 'expired 29 s ago: within the tolerance');
    mock.timers.tick(2_000);
    assert.equal(await status(expiring), 401, 'expired 31 s ago');
    assert.equal(await status(later), 200);
  });

  test('a token of tenant A is refused by tenant B even when B has a customer with the same id', async () => {
    // Globex's embed key cannot verify Acme's token, whatever customer it names.
    const acmeToken = craft(header(acme), claims(acme), acme.embedSecret);
    const forGlobex = `${b64(header(globex))}.${acmeToken.split('.')[1]}.${acmeToken.split('.')[2]}`;
    assert.equal(await status(forGlobex), 401);
  });

  test('an API key is refused on widget routes and an embed token on vendor routes', async () => {
    assert.equal(await status(acme.apiKey), 401);
    const token = craft(header(acme), claims(acme), acme.embedSecret);
    assert.equal((await post(harness.app, '/v1/customers', token, { items: [{ externalId: 'x' }] })).statusCode, 401);
    assert.equal((await post(harness.app, '/v1/embed-tokens', token, { customerId: 'c1' })).statusCode, 401);
  });

  test('POST /v1/embed-tokens validates its request', async () => {
    const unknownCustomer = await post(harness.app, '/v1/embed-tokens', acme.apiKey, { customerId: 'ghost' });
    assert.equal(unknownCustomer.statusCode, 404);
    const tooLong = await post(harness.app, '/v1/embed-tokens', acme.apiKey, { customerId: 'c1', ttlSeconds: 7200 });
    assert.equal(tooLong.statusCode, 400);
    assert.match(tooLong.json().error.message, /ttlSeconds/);
    const repWithoutId = await post(harness.app, '/v1/embed-tokens', acme.apiKey, { customerId: 'c1', role: 'rep' });
    assert.equal(repWithoutId.statusCode, 400);
    const ok = await post(harness.app, '/v1/embed-tokens', acme.apiKey, { customerId: 'c1', ttlSeconds: 60 });
    const { token, expiresAt } = ok.json() as { token: string; expiresAt: string };
    const payload = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString()) as { exp: number; iat: number; iss: string };
    assert.equal(payload.exp - payload.iat, 60);
    assert.equal(payload.iss, acme.tenantId);
    assert.equal(new Date(expiresAt).getTime(), payload.exp * 1000);
  });

  test('API keys are stored only as hashes', async () => {
    const rows = await harness.sql`select secret_hash from api_keys where tenant_id = ${acme.tenantId}`;
    const secret = acme.apiKey.split('.').at(-1) ?? '';
    assert.equal(rows.length, 1);
    assert.ok(!Buffer.from(rows[0]?.secret_hash as Uint8Array).toString('latin1').includes(secret));
  });
});
