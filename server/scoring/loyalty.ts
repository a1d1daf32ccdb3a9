/**
 * Computes and stores customers' loyalty standing (shared/loyalty) under the tenant's program in force:
 * for every customer after a full scoring run and after a program change, for the customers whose data
 * changed after new orders, redemptions, overrides or milestones. Those evaluations in bulk store the
 * standing (tier, since, qualifying value, next tier, end of the tier, stage, points balance) for every
 * customer; the full payload and the points ledger are materialized one customer at a time when read,
 * and kept until the next day (dates move the rules on: grace periods end, points expire), program
 * version or bulk evaluation.
 */
import { createHash } from 'node:crypto';
import type { Queryable } from '../db/connect.ts';
import { findTenant, type TenantSettings } from '../db/tenant-repository.ts';
import {
  allCustomerIds,
  currentProgram,
  readLoyaltyInputs,
  programVersion,
  readStoredLoyalty,
  writeMaterialized,
  writeStandings,
  type ProgramVersion,
} from '../db/loyalty-repository.ts';
import { evaluateCustomer, standingOf, summarize, type EvaluationContext } from '../../shared/loyalty/evaluate.ts';
import { isoDate, localDay } from '../../shared/loyalty/calendar.ts';
import { loyaltyFor, type Audience } from '../../shared/loyalty/disclosure.ts';
import type { Loyalty } from '../../shared/schemas/loyalty.ts';
import type { Disclosure } from '../../shared/schemas/program.ts';
import { withTenant } from '../db/tenant-scope.ts';
import { raiseTenantViewVersion } from '../db/stored-view-repository.ts';

/** Customers read and written per round trip: a few thousand keeps each statement's arrays small. */
const CHUNK = 2_000;

function digest(value: unknown): string {
  return createHash('sha256').update(JSON.stringify(value)).digest('base64url').slice(0, 22);
}

type TenantCalendar = Pick<TenantSettings, 'id' | 'timeZone' | 'currency'>;

const contextOf = (tenant: TenantCalendar, program: ProgramVersion, asOf: Date): EvaluationContext => ({
  program: program.program,
  programVersion: program.version,
  timeZone: tenant.timeZone,
  currency: tenant.currency.trim(),
  asOf,
});

/**
 * Evaluates and stores the standing of the given customers (all of the tenant's when omitted), as of
 * `asOf`; answers how many were evaluated. Customer ids must be customers of the tenant.
 */
export async function evaluateLoyalty(sql: Queryable, tenantId: string, asOf: Date, customerIds?: string[]): Promise<number> {
  const tenant = await findTenant(sql, tenantId);
  if (!tenant) return 0;
  const program = await currentProgram(sql, tenantId, tenant.currency.trim());
  const context = contextOf(tenant, program, asOf);
  const ids = customerIds ? [...new Set(customerIds)] : await allCustomerIds(sql, tenantId);
  const asOfDate = isoDate(localDay(asOf, tenant.timeZone));
  const read = (start: number) => {
    const reading = readLoyaltyInputs(sql, tenant.id, ids.slice(start, start + CHUNK), { asOf, timeZone: tenant.timeZone, program: program.program, contiguous: !customerIds });
    // Awaited on the next turn; until then a failure must not count as unhandled.
    reading.catch(() => {});
    return reading;
  };
  let next = ids.length > 0 ? read(0) : null;
  for (let start = 0; next; start += CHUNK) {
    const inputs = await next;
    // The database reads the next slice while this one is evaluated and written.
    next = start + CHUNK < ids.length ? read(start + CHUNK) : null;
    const rows = [...inputs].map(([customerId, input]) => ({
      customerId,
      programVersion: program.version,
      asOfDate,
      summary: summarize(standingOf(input, context), program.program),
    }));
    // In the caller's transaction when it has one (a route that validates and writes together), else a new one.
    // Everyone's standing: the tenant's stored answers are all stale, said once rather than per customer.
    await withTenant(sql, tenant.id, async (tx) => {
      if (!customerIds) await raiseTenantViewVersion(tx, tenant.id);
      await writeStandings(tx, tenant.id, asOf, rows);
    });
  }
  return ids.length;
}

/** Evaluates one customer in full and stores the payload and ledger. */
async function materialize(sql: Queryable, tenant: TenantCalendar, program: ProgramVersion, customerId: string, asOf: Date): Promise<Loyalty | null> {
  const inputs = await readLoyaltyInputs(sql, tenant.id, [customerId], { asOf, timeZone: tenant.timeZone, program: program.program });
  const input = inputs.get(customerId);
  if (!input) return null;
  const context = contextOf(tenant, program, asOf);
  const { loyalty, ledger, summary } = evaluateCustomer(input, context);
  const row = { customerId, programVersion: program.version, asOfDate: loyalty.asOfDate, summary, loyalty, ledger, ledgerDigest: digest(ledger) };
  await writeMaterialized(sql, tenant.id, asOf, row);
  return loyalty;
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
  const { tenant } = stored;
  const current = state !== null && stored.programVersion === stored.currentVersion && stored.asOfDay === localDay(asOf, tenant.timeZone);
  if (!current) state = await materialize(sql, tenant, await programVersion(sql, tenantId, stored.currentVersion, tenant.currency), customerId, asOf);
  return { loyalty: state ? loyaltyFor(state, stored.disclosure, audience) : undefined, disclosure: stored.disclosure };
}
