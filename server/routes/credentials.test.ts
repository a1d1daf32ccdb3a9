import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { openTestApp } from '../test-support/test-app.ts';
import { get, mintToken, newTenant, post } from '../test-support/fixtures.ts';
import { signEmbedToken } from '../embed-token.ts';
import type { CreatedTenant } from '../db/tenant-repository.ts';

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

/** A token signed as a vendor's own backend would, with a chosen `iat`. */
function vendorSigned(tenant: CreatedTenant, keyId: string, secret: string, customerId: string, iat: number): string {
  const input = `${b64({ alg: 'HS256', typ: 'openbook-embed+jwt', kid: keyId })}.${b64({ iss: tenant.tenantId, aud: 'openbook', sub: customerId, role: 'customer', iat, exp: iat + 600 })}`;
  return `${input}.${createHmac('sha256', secret).update(input).digest('base64url')}`;
}

const kidOf = (token: string) => (JSON.parse(Buffer.from(token.split('.')[0] ?? '', 'base64url').toString()) as { kid: string }).kid;

describe('embed key rotation and token revocation', () => {
  let harness: Awaited<ReturnType<typeof openTestApp>>;
  let acme: CreatedTenant;
  let globex: CreatedTenant;
  const status = async (token: string) => (await get(harness.app, '/v1/me', token)).statusCode;

  before(async () => {
    harness = await openTestApp();
    acme = await newTenant(harness.sql, 'Acme');
    globex = await newTenant(harness.sql, 'Globex');
    for (const tenant of [acme, globex]) {
      const response = await post(harness.app, '/v1/customers', tenant.apiKey, { items: [{ externalId: 'c1' }, { externalId: 'c2' }] });
      assert.equal(response.statusCode, 200, response.body);
    }
  });
  after(() => harness.close());

  test('rotation: during the overlap both keys verify, new tokens use the new key, and a retired key is refused', async () => {
    const oldToken = signEmbedToken({ tenantId: acme.tenantId, keyId: acme.embedKeyId, secret: acme.embedSecret, customerId: 'c1', role: 'customer' }).token;
    const added = await post(harness.app, '/v1/embed-keys', acme.apiKey, {});
    assert.equal(added.statusCode, 200, added.body);
    const { embedKeyId, embedSecret, createdAt } = added.json() as { embedKeyId: string; embedSecret: string; createdAt: string };
    assert.notEqual(embedKeyId, acme.embedKeyId);
    assert.ok(embedSecret.length >= 40 && !Number.isNaN(Date.parse(createdAt)));

    const newToken = signEmbedToken({ tenantId: acme.tenantId, keyId: embedKeyId, secret: embedSecret, customerId: 'c1', role: 'customer' }).token;
    assert.equal(await status(oldToken), 200, 'the old key still verifies during the overlap');
    assert.equal(await status(newToken), 200, 'the new key verifies at once');
    assert.equal(kidOf(await mintToken(harness.app, acme.apiKey, 'c1')), embedKeyId, 'POST /v1/embed-tokens signs with the newest key');

    const retired = await post(harness.app, `/v1/embed-keys/${acme.embedKeyId}/retire`, acme.apiKey, {});
    assert.equal(retired.statusCode, 200, retired.body);
    assert.equal(retired.json().embedKeyId, acme.embedKeyId);
    assert.equal(await status(oldToken), 401, 'a token of the retired key is refused from the next request');
    assert.equal(await status(newToken), 200);

    const again = await post(harness.app, `/v1/embed-keys/${acme.embedKeyId}/retire`, acme.apiKey, {});
    assert.equal(again.statusCode, 200);
    assert.equal(again.json().retiredAt, retired.json().retiredAt, 'retiring twice answers the first retirement');

    const last = await post(harness.app, `/v1/embed-keys/${embedKeyId}/retire`, acme.apiKey, {});
    assert.equal(last.statusCode, 409, 'the last active key cannot be retired');
    assert.equal(last.json().error.code, 'last_active_key');
    assert.equal(await status(newToken), 200);
  });

  test("another tenant's key id answers exactly like a key that does not exist, and is left active", async () => {
    const foreign = await post(harness.app, `/v1/embed-keys/${globex.embedKeyId}/retire`, acme.apiKey, {});
    const missing = await post(harness.app, '/v1/embed-keys/ek_nothing/retire', acme.apiKey, {});
    assert.equal(foreign.statusCode, 404);
    assert.deepEqual(foreign.json(), missing.json());
    assert.equal(await status(await mintToken(harness.app, globex.apiKey, 'c1')), 200);
    const [key] = await harness.sql`select retired_at from embed_keys where tenant_id = ${globex.tenantId} and id = ${globex.embedKeyId}`;
    assert.equal(key?.retired_at, null);
  });

  test('the key routes take an API key only, and refuse bodies with fields', async () => {
    const token = await mintToken(harness.app, globex.apiKey, 'c1');
    assert.equal((await post(harness.app, '/v1/embed-keys', token, {})).statusCode, 401);
    assert.equal((await post(harness.app, `/v1/embed-keys/${globex.embedKeyId}/retire`, token, {})).statusCode, 401);
    assert.equal((await post(harness.app, '/v1/customers/c1/revoke-tokens', token, {})).statusCode, 401);
    assert.equal((await post(harness.app, '/v1/embed-keys', globex.apiKey, { tenantId: acme.tenantId })).statusCode, 400);
  });

  test("revoking a customer's tokens refuses the earlier ones from the next request; new ones work at once", async () => {
    const before = await mintToken(harness.app, globex.apiKey, 'c1');
    const otherCustomer = await mintToken(harness.app, globex.apiKey, 'c2');
    assert.equal(await status(before), 200);

    const revoked = await post(harness.app, '/v1/customers/c1/revoke-tokens', globex.apiKey, {});
    assert.equal(revoked.statusCode, 200, revoked.body);
    const cutoff = Date.parse(revoked.json().tokensValidAfter as string);
    assert.equal(revoked.json().customerId, 'c1');

    assert.equal(await status(before), 401, 'a token issued before the revocation is refused on the next request');
    assert.equal(await status(otherCustomer), 200, "other customers' tokens are untouched");
    const after = await mintToken(harness.app, globex.apiKey, 'c1');
    assert.equal(await status(after), 200, 'a token minted right after the revocation works, even within the same second');

    // Tokens signed by the vendor itself are judged by their iat against the cutoff.
    const iatBefore = Math.ceil(cutoff / 1000) - 1;
    const iatAfter = Math.ceil(cutoff / 1000);
    assert.equal(await status(vendorSigned(globex, globex.embedKeyId, globex.embedSecret, 'c1', iatBefore)), 401);
    assert.equal(await status(vendorSigned(globex, globex.embedKeyId, globex.embedSecret, 'c1', iatAfter)), 200);
  });

  test('a revocation never moves the cutoff back', async () => {
    const first = await post(harness.app, '/v1/customers/c2/revoke-tokens', globex.apiKey, {});
    await harness.sql`update customers set tokens_valid_after = tokens_valid_after + interval '1 hour' where tenant_id = ${globex.tenantId} and external_id = 'c2'`;
    const second = await post(harness.app, '/v1/customers/c2/revoke-tokens', globex.apiKey, {});
    assert.equal(Date.parse(second.json().tokensValidAfter) - Date.parse(first.json().tokensValidAfter), 3_600_000);
  });

  test("revoking another tenant's customer answers exactly like an unknown customer and changes nothing", async () => {
    const acmeToken = await mintToken(harness.app, acme.apiKey, 'c1');
    // Both tenants have a c1: the route only ever touches the caller's own.
    const own = await post(harness.app, '/v1/customers/c1/revoke-tokens', globex.apiKey, {});
    assert.equal(own.statusCode, 200);
    assert.equal(await status(acmeToken), 200, "Globex revoking its c1 leaves Acme's c1 alone");
    const [row] = await harness.sql`select tokens_valid_after from customers where tenant_id = ${acme.tenantId} and external_id = 'c1'`;
    assert.equal(row?.tokens_valid_after, null);
    const unknown = await post(harness.app, '/v1/customers/nobody/revoke-tokens', globex.apiKey, {});
    await post(harness.app, '/v1/customers', acme.apiKey, { items: [{ externalId: 'acme-only' }] });
    const foreign = await post(harness.app, '/v1/customers/acme-only/revoke-tokens', globex.apiKey, {});
    assert.equal(unknown.statusCode, 404);
    assert.deepEqual(foreign.json(), unknown.json());
  });
});
