/**
 * Stored answers of GET /v1/me (migrations 0013 and 0016): the exact JSON body, gzipped, per customer and
 * audience, kept while the versions it was computed at are unchanged and its time window has not passed.
 */
import type { TransactionSql } from 'postgres';
import type { Queryable } from './connect.ts';
import { onOwnConnection } from './own-connection.ts';
import type { EmbedKeyForToken } from './tenant-repository.ts';

export type ViewAudience = 'customer' | 'vendor';

export interface ViewVersions {
  customerVersion: string;
  tenantVersion: string;
}

/** The audience whose answer a token's role sees: reps are the vendor's own people. */
export const viewAudienceOf = (role: string): ViewAudience => (role === 'rep' ? 'vendor' : 'customer');

/** What an embed token claims, before its signature is checked: whose answer, signed with which key. */
export interface ClaimedView {
  tenantId: string;
  keyId: string;
  customerId: string;
  audience: ViewAudience;
}

export interface EmbedKeyWithStoredView extends EmbedKeyForToken {
  /** The stored answer (gzipped JSON) when current at the time asked, else null. */
  storedView: Buffer | null;
  /** The stored answer's time window (null without one): it is current from the first instant until the second. */
  viewComputedAt: Date | null;
  viewValidUntil: Date | null;
  /** The tenant's allowed origins, for the check of a cross-origin visit (plugins/cors.ts). */
  allowedOrigins: string[];
}

/**
 * The token's key as findEmbedKeyForToken answers it, with the stored answer of the customer for the
 * audience when it is current at `asOf`: one statement, which names the tenant itself.
 */
export async function findEmbedKeyWithStoredView(sql: Queryable, claimed: ClaimedView, asOf: Date): Promise<EmbedKeyWithStoredView | null> {
  const { tenantId, keyId, customerId, audience } = claimed;
  const [row] = await onOwnConnection(sql, (connection) => connection<EmbedKeyWithStoredView[]>`
    select secret, tokens_valid_after as "tokensValidAfter", stored_view_gzip as "storedView",
           view_computed_at as "viewComputedAt", view_valid_until as "viewValidUntil", allowed_origins as "allowedOrigins"
    from openbook_embed_key_and_view(${tenantId}, ${keyId}, ${customerId}, ${audience}, ${asOf})`);
  return row ?? null;
}

/**
 * Starts computing an answer to store, in the tenant's transaction `tx`: marks the transaction as the one
 * storing a view (its own derived writes, such as the loyalty standing of the day, then raise no version)
 * and reads the versions. Both are sent before the caller's reads, so the versions are those of before
 * any data the answer is computed from: a change that lands meanwhile raises them past the stored ones.
 */
export async function beginStoringView(tx: TransactionSql, tenantId: string, customerId: string): Promise<ViewVersions> {
  // Started with `await`, so that it follows the tenant's statement on the connection (see withTenant).
  const [row] = await tx<{ customerVersion: string; tenantVersion: string }[]>`
    select set_config('openbook.storing_view', 'on', true),
           coalesce((select version from customer_view_versions where tenant_id = ${tenantId} and customer_id = ${customerId}), 0)::text as "customerVersion",
           coalesce((select version from tenant_view_versions where tenant_id = ${tenantId}), 0)::text as "tenantVersion"`;
  return row ?? { customerVersion: '0', tenantVersion: '0' };
}

export interface ViewToStore {
  tenantId: string;
  customerId: string;
  audience: ViewAudience;
  versions: ViewVersions;
  computedAt: Date;
  /** A sooner instant than the tenant's next midnight at which a figure moves on its own, if any. */
  changesAt: Date | null;
  /** The JSON body, gzipped (gzipJson). */
  bodyGzip: Buffer;
}

/**
 * Stores an answer. It stays valid until the tenant's next local midnight (loyalty, history and
 * suggestions are of the day), `changesAt`, or the customer's next order dated after `computedAt` (an
 * order recorded ahead of its time counts from then on), whichever comes first.
 */
export async function storeView(tx: TransactionSql, view: ViewToStore): Promise<void> {
  const { tenantId, customerId, audience, versions, computedAt, changesAt, bodyGzip } = view;
  await tx`
    insert into customer_views (tenant_id, customer_id, audience, customer_version, tenant_version, computed_at, valid_until, body_gzip)
    select ${tenantId}, ${customerId}, ${audience}, ${versions.customerVersion}::bigint, ${versions.tenantVersion}::bigint, ${computedAt},
           least(
             (date_trunc('day', ${computedAt}::timestamptz at time zone t.time_zone) + interval '1 day') at time zone t.time_zone,
             ${changesAt}::timestamptz,
             (select min(occurred_at) from orders where tenant_id = ${tenantId} and customer_id = ${customerId} and occurred_at > ${computedAt})
           ),
           ${bodyGzip}
    from tenants t where t.id = ${tenantId}
    on conflict (tenant_id, customer_id, audience) do update set
      customer_version = excluded.customer_version, tenant_version = excluded.tenant_version,
      computed_at = excluded.computed_at, valid_until = excluded.valid_until, body_gzip = excluded.body_gzip`;
}

/**
 * Deletes the tenant's stored answers that can never be served again: computed at an older version of the
 * tenant (every scoring run raises it) or of their customer, or past their window at `asOf`. A customer who
 * visited once and never came back would otherwise keep about 3 KB per audience (10 KB of JSON, gzipped)
 * for good. An answer stored meanwhile at the current versions stays. Returns how many were deleted.
 */
export async function deleteDeadViews(tx: TransactionSql, tenantId: string, asOf: Date): Promise<number> {
  const deleted = await tx`
    delete from customer_views v
    where v.tenant_id = ${tenantId}
      and (v.valid_until <= ${asOf}
           or v.tenant_version < coalesce((select tv.version from tenant_view_versions tv where tv.tenant_id = ${tenantId}), 0)
           or v.customer_version < coalesce((select cv.version from customer_view_versions cv where cv.tenant_id = ${tenantId} and cv.customer_id = v.customer_id), 0))`;
  return deleted.count;
}

/**
 * For a transaction of `tx` that writes every customer of the tenant: raises the tenant's version once, and
 * its later writes then raise no customer's version (one row written instead of one per customer).
 */
export async function raiseTenantViewVersion(tx: TransactionSql, tenantId: string): Promise<void> {
  await tx`select openbook_raise_tenant_view_version(${tenantId})`;
}
