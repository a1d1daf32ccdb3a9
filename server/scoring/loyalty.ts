/**
 * Computes and stores customers' loyalty standing (shared/loyalty) under the tenant's program in force:
 * for every customer after a full scoring run, for the customers whose data changed after new orders,
 * redemptions, overrides or milestones, for everyone when the program changes, and for one customer on
 * read when the stored state is from an earlier day or program version (dates move the rules on: grace
 * periods end, points expire).
 */
import { createHash } from 'node:crypto';
import type { Sql } from 'postgres';
import type { Queryable } from '../db/connect.ts';
import { findTenant, type TenantSettings } from '../db/tenant-repository.ts';
import {
  allCustomerIds,
  currentProgram,
  ledgerDigests,
  readLoyaltyInputs,
  readStoredLoyalty,
  writeLoyalty,
  type LoyaltyRow,
  type ProgramVersion,
} from '../db/loyalty-repository.ts';
import { evaluateCustomer } from '../../shared/loyalty/evaluate.ts';
import { localDay } from '../../shared/loyalty/calendar.ts';
import { loyaltyFor, type Audience } from '../../shared/loyalty/disclosure.ts';
import type { Loyalty } from '../../shared/schemas/loyalty.ts';
import type { Disclosure } from '../../shared/schemas/program.ts';

/** Customers read and written per round trip: a few thousand keeps each statement's arrays small. */
const CHUNK = 2_000;

function inTransaction<T>(sql: Queryable, run: (tx: Queryable) => Promise<T>): Promise<T> {
  // Already in a transaction (a route that validates and writes together): write there.
  return 'savepoint' in sql ? run(sql) : ((sql as Sql).begin((tx) => run(tx)) as Promise<T>);
}

function digest(value: unknown): string {
  return createHash('sha256').update(JSON.stringify(value)).digest('base64url').slice(0, 22);
}

async function evaluateChunk(sql: Queryable, tenant: TenantSettings, program: ProgramVersion, ids: string[], asOf: Date): Promise<Map<string, Loyalty>> {
  const inputs = await readLoyaltyInputs(sql, tenant.id, ids, { asOf, timeZone: tenant.timeZone, program: program.program });
  const stored = await ledgerDigests(sql, tenant.id, ids);
  const context = { program: program.program, programVersion: program.version, timeZone: tenant.timeZone, currency: tenant.currency.trim(), asOf };
  const rows: LoyaltyRow[] = [];
  const changed = new Set<string>();
  for (const [customerId, input] of inputs) {
    const { loyalty, ledger } = evaluateCustomer(input, context);
    const ledgerDigest = digest(ledger);
    if (stored.get(customerId) !== ledgerDigest) changed.add(customerId);
    rows.push({ customerId, loyalty, ledger, ledgerDigest });
  }
  await inTransaction(sql, (tx) => writeLoyalty(tx, tenant.id, asOf, rows, changed));
  return new Map(rows.map((row) => [row.customerId, row.loyalty]));
}

/**
 * Evaluates and stores the loyalty state of the given customers (all of the tenant's when omitted), as of
 * `asOf`; answers how many were evaluated. Customer ids must be customers of the tenant.
 */
export async function evaluateLoyalty(sql: Queryable, tenantId: string, asOf: Date, customerIds?: string[]): Promise<number> {
  const tenant = await findTenant(sql, tenantId);
  if (!tenant) return 0;
  const program = await currentProgram(sql, tenantId, tenant.currency.trim());
  const ids = customerIds ? [...new Set(customerIds)] : await allCustomerIds(sql, tenantId);
  for (let start = 0; start < ids.length; start += CHUNK) {
    await evaluateChunk(sql, tenant, program, ids.slice(start, start + CHUNK), asOf);
  }
  return ids.length;
}

/**
 * One customer's loyalty for a reader: the stored state when it is of today and of the program in force,
 * else evaluated now (and stored); with the fields the vendor does not disclose removed for customers.
 */
export async function customerLoyalty(
  sql: Queryable,
  tenantId: string,
  customerId: string,
  asOf: Date,
  audience: Audience,
): Promise<{ loyalty: Loyalty | undefined; disclosure: Disclosure } | null> {
  const stored = await readStoredLoyalty(sql, tenantId, customerId);
  if (!stored) return null;
  let state = stored.state;
  const current = state !== null && stored.programVersion === stored.currentVersion && stored.asOfDay === localDay(asOf, stored.timeZone);
  if (!current) {
    const tenant = await findTenant(sql, tenantId);
    if (!tenant) return null;
    const program = await currentProgram(sql, tenantId, tenant.currency.trim());
    state = (await evaluateChunk(sql, tenant, program, [customerId], asOf)).get(customerId) ?? null;
  }
  return { loyalty: state ? loyaltyFor(state, stored.disclosure, audience) : undefined, disclosure: stored.disclosure };
}
