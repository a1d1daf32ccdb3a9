import type { Sql } from 'postgres';
import type { Queryable } from './connect.ts';
import { newApiKey, newEmbedKey, randomId } from '../credentials.ts';
import { withTenant } from './tenant-scope.ts';
import { onOwnConnection } from './own-connection.ts';

export interface NewTenant {
  name: string;
  origins?: string[];
  currency?: string;
  timeZone?: string;
  /** Use this id instead of a random one (the demo tenant has a fixed id). */
  id?: string;
}

export interface CreatedTenant {
  tenantId: string;
  apiKey: string;
  embedKeyId: string;
  embedSecret: string;
}

export interface TenantSettings {
  id: string;
  name: string;
  currency: string;
  timeZone: string;
  allowedOrigins: string[];
  expectedLifespanYears: number;
  horizonMonths: number;
  annualDiscountRate: number;
}

/** Creates a tenant with one API key and one embed key; the secrets are returned once, here. */
export async function createTenant(sql: Sql, tenant: NewTenant): Promise<CreatedTenant> {
  const tenantId = tenant.id ?? randomId('t');
  const { keyId, apiKey, secretHash } = newApiKey(tenantId);
  const { embedKeyId, embedSecret } = newEmbedKey();
  await withTenant(sql, tenantId, async (tx) => {
    await tx`
      insert into tenants (id, name, currency, time_zone, allowed_origins)
      values (${tenantId}, ${tenant.name}, ${tenant.currency ?? 'USD'}, ${tenant.timeZone ?? 'UTC'}, ${tenant.origins ?? []})`;
    await tx`insert into api_keys (tenant_id, id, secret_hash) values (${tenantId}, ${keyId}, ${secretHash})`;
    await tx`insert into embed_keys (tenant_id, id, secret) values (${tenantId}, ${embedKeyId}, ${embedSecret})`;
  });
  return { tenantId, apiKey, embedKeyId, embedSecret };
}

/**
 * A new API key for a tenant, returned once. With `revokeOthers`, every other key of the tenant stops
 * working at the same moment (the demo's backend renews its own key at each start this way).
 */
export async function addApiKey(sql: Sql, tenantId: string, { revokeOthers = false } = {}): Promise<string> {
  const { keyId, apiKey, secretHash } = newApiKey(tenantId);
  await withTenant(sql, tenantId, async (tx) => {
    if (revokeOthers) await tx`update api_keys set revoked_at = now() where tenant_id = ${tenantId} and revoked_at is null`;
    await tx`insert into api_keys (tenant_id, id, secret_hash) values (${tenantId}, ${keyId}, ${secretHash})`;
  });
  return apiKey;
}

export async function findTenant(sql: Queryable, tenantId: string): Promise<TenantSettings | null> {
  const [row] = await sql<TenantSettings[]>`
    select id, name, currency, time_zone as "timeZone", allowed_origins as "allowedOrigins",
           expected_lifespan_years as "expectedLifespanYears", horizon_months as "horizonMonths",
           annual_discount_rate as "annualDiscountRate"
    from tenants where id = ${tenantId}`;
  return row ?? null;
}

/** The hash of an active API key, in one statement of the key's tenant (migration 0012). */
export async function findApiKeyHash(sql: Queryable, tenantId: string, keyId: string): Promise<Uint8Array | null> {
  const [row] = await onOwnConnection(sql, (connection) => connection<{ secretHash: Uint8Array | null }[]>`select openbook_api_key_hash(${tenantId}, ${keyId}) as "secretHash"`);
  return row?.secretHash ?? null;
}

export interface EmbedKeyForToken {
  secret: string;
  /** Tokens of this customer issued before this instant are revoked; null when never revoked. */
  tokensValidAfter: Date | null;
}

/**
 * What verifying one embed token needs, in one round trip: the secret of an active key of the tenant
 * (a key id of another tenant, or a retired one, finds nothing) and the token's customer's revocation
 * instant. A customer that does not exist is no reason to refuse here: the route answers that.
 * One statement names the tenant and reads (migration 0012), so it needs no transaction of its own.
 */
export async function findEmbedKeyForToken(sql: Queryable, tenantId: string, keyId: string, customerId: string): Promise<EmbedKeyForToken | null> {
  const [row] = await onOwnConnection(sql, (connection) => connection<EmbedKeyForToken[]>`
    select secret, tokens_valid_after as "tokensValidAfter" from openbook_embed_key_for_token(${tenantId}, ${keyId}, ${customerId})`);
  return row ?? null;
}

/** Adds an active embed key; new tokens are signed with the newest active key. The secret is returned once. */
export async function createEmbedKey(sql: Queryable, tenantId: string): Promise<{ embedKeyId: string; embedSecret: string; createdAt: Date }> {
  const { embedKeyId, embedSecret } = newEmbedKey();
  const [row] = await sql<{ createdAt: Date }[]>`
    insert into embed_keys (tenant_id, id, secret) values (${tenantId}, ${embedKeyId}, ${embedSecret})
    returning created_at as "createdAt"`;
  if (!row) throw new Error('inserting an embed key returned no row');
  return { embedKeyId, embedSecret, createdAt: row.createdAt };
}

export type RetireEmbedKeyResult =
  | { outcome: 'retired'; retiredAt: Date }
  | { outcome: 'not_found' }
  | { outcome: 'last_active' };

/**
 * Retires an embed key: tokens signed with it are refused from the next request. Retiring a retired
 * key answers its retirement again. The last active key cannot be retired (nothing could sign tokens):
 * the tenant's keys are locked so that two concurrent retirements cannot both pass that check.
 */
export async function retireEmbedKey(sql: Sql, tenantId: string, keyId: string): Promise<RetireEmbedKeyResult> {
  return withTenant(sql, tenantId, async (tx) => {
    const keys = await tx<{ id: string; retiredAt: Date | null }[]>`
      select id, retired_at as "retiredAt" from embed_keys where tenant_id = ${tenantId} order by id for update`;
    const key = keys.find((candidate) => candidate.id === keyId);
    if (!key) return { outcome: 'not_found' } as const;
    if (key.retiredAt) return { outcome: 'retired', retiredAt: key.retiredAt } as const;
    if (keys.filter((candidate) => candidate.retiredAt === null).length <= 1) return { outcome: 'last_active' } as const;
    const [row] = await tx<{ retiredAt: Date }[]>`
      update embed_keys set retired_at = now() where tenant_id = ${tenantId} and id = ${keyId}
      returning retired_at as "retiredAt"`;
    if (!row) throw new Error('retiring an embed key updated no row');
    return { outcome: 'retired', retiredAt: row.retiredAt } as const;
  });
}

/**
 * Refuses every embed token of one customer issued before `at`. The cutoff only moves forward, so a
 * delayed or repeated revocation never re-admits tokens. Answers the cutoff, or null without such a customer.
 */
export async function revokeCustomerTokens(sql: Queryable, tenantId: string, customerId: string, at: Date): Promise<Date | null> {
  const [row] = await sql<{ tokensValidAfter: Date }[]>`
    update customers set tokens_valid_after = greatest(tokens_valid_after, ${at}::timestamptz)
    where tenant_id = ${tenantId} and external_id = ${customerId}
    returning tokens_valid_after as "tokensValidAfter"`;
  return row?.tokensValidAfter ?? null;
}

export async function activeEmbedKey(sql: Queryable, tenantId: string): Promise<{ id: string; secret: string } | null> {
  const [row] = await sql<{ id: string; secret: string }[]>`
    select id, secret from embed_keys where tenant_id = ${tenantId} and retired_at is null
    order by created_at desc limit 1`;
  return row ?? null;
}

/** Every tenant's allowed origins: the one question asked across tenants, through a function (migration 0011). */
export async function allAllowedOrigins(sql: Sql): Promise<Set<string>> {
  const rows = await onOwnConnection(sql, (connection) => connection<{ origin: string }[]>`select openbook_allowed_origins() as origin`);
  return new Set(rows.map((row) => row.origin));
}
