import type { Sql } from 'postgres';
import type { Queryable } from './connect.ts';
import { newApiKey, newEmbedKey, randomId } from '../credentials.ts';

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
  await sql.begin(async (tx) => {
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
  await sql.begin(async (tx) => {
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

export async function findApiKeyHash(sql: Queryable, tenantId: string, keyId: string): Promise<Uint8Array | null> {
  const [row] = await sql<{ secretHash: Uint8Array }[]>`
    select secret_hash as "secretHash" from api_keys
    where tenant_id = ${tenantId} and id = ${keyId} and revoked_at is null`;
  return row?.secretHash ?? null;
}

/** The secret of an active embed key of this tenant: a key id of another tenant finds nothing. */
export async function findEmbedSecret(sql: Queryable, tenantId: string, keyId: string): Promise<string | null> {
  const [row] = await sql<{ secret: string }[]>`
    select secret from embed_keys where tenant_id = ${tenantId} and id = ${keyId} and retired_at is null`;
  return row?.secret ?? null;
}

export async function activeEmbedKey(sql: Queryable, tenantId: string): Promise<{ id: string; secret: string } | null> {
  const [row] = await sql<{ id: string; secret: string }[]>`
    select id, secret from embed_keys where tenant_id = ${tenantId} and retired_at is null
    order by created_at desc limit 1`;
  return row ?? null;
}

export async function allAllowedOrigins(sql: Sql): Promise<Set<string>> {
  const rows = await sql<{ origin: string }[]>`select distinct unnest(allowed_origins) as origin from tenants`;
  return new Set(rows.map((row) => row.origin));
}
