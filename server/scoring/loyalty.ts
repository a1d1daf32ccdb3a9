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
import { setImmediate } from 'node:timers/promises';
import type { Queryable } from '../db/connect.ts';
import type { OrderHistory } from '../db/order-history-repository.ts';
import { findTenant, type TenantSettings } from '../db/tenant-repository.ts';
import {
  allCustomerIds,
  currentProgram,
  loyaltyInputsOf,
  readLoyaltyExtras,
  readLoyaltyInputs,
  programVersion,
  readStoredLoyalty,
  type LoyaltyExtras,
  type StoredInputs,
  writeMaterialized,
  lockStandings,
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
import { noteForUnsettledRuns } from '../db/scoring-backlog-repository.ts';

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

/** Customers' scores as the rules take them. */
export type LoyaltyScores = LoyaltyExtras['scores'];

export interface EvaluateLoyaltyOptions {
  /**
   * Every customer's order history, when the caller has read them (a scoring run reads them for its
   * models); used unless the program in force counts products and they were read without.
   */
  histories?: { byCustomer: ReadonlyMap<string, OrderHistory>; withProductDays: boolean };
  /**
   * Fresh scores the caller is still writing (a scoring run's), which replace the stored ones of those
   * customers; nothing is written (nor, without histories, read) before `writeAfter` resolves, and
   * nothing at all when it fails.
   */
  scores?: { byCustomer: LoyaltyScores; writeAfter: Promise<unknown> };
}

/**
 * Evaluates and stores the standing of the given customers (all of the tenant's when omitted), as of
 * `asOf`; answers how many were evaluated. Customer ids must be customers of the tenant.
 */
export async function evaluateLoyalty(sql: Queryable, tenantId: string, asOf: Date, customerIds?: string[], options: EvaluateLoyaltyOptions = {}): Promise<number> {
  // In the caller's transaction when it has one (a route that validates and writes together), else a new one.
  return withTenant(sql, tenantId, async (tx) => {
    const tenant = await findTenant(tx, tenantId);
    if (!tenant) return 0;
    const program = await currentProgram(tx, tenantId, tenant.currency.trim());
    const context = contextOf(tenant, program, asOf);
    const ids = customerIds ? [...new Set(customerIds)] : await allCustomerIds(tx, tenantId);
    if (ids.length === 0) return 0;
    const asOfDate = isoDate(localDay(asOf, tenant.timeZone));
    const reading = { asOf, timeZone: tenant.timeZone, program: program.program };
    const { histories } = options;
    const countsProducts = program.program.milestones.some((milestone) => milestone.kind === 'products');
    // With every history at hand, the other sources of every customer are one read (they are sparse);
    // else each slice reads its customers' inputs while the one before is evaluated.
    const byCustomer = !customerIds && histories && (histories.withProductDays || !countsProducts) ? histories.byCustomer : undefined;
    const { scores } = options;
    // Without histories the scores are read with everything else, once they are written.
    if (scores && !byCustomer) await scores.writeAfter;
    const extras = byCustomer ? await readLoyaltyExtras(tx, tenant.id, 'all', reading) : undefined;
    for (const [customerId, score] of scores && extras ? scores.byCustomer : []) extras?.scores.set(customerId, score);
    const read = (start: number): Promise<StoredInputs> => {
      const slice = ids.slice(start, start + CHUNK);
      if (byCustomer && extras) return Promise.resolve(new Map(slice.map((id) => [id, loyaltyInputsOf(id, byCustomer.get(id), extras)])));
      const inputs = readLoyaltyInputs(tx, tenant.id, slice, { ...reading, contiguous: !customerIds });
      inputs.catch(() => {}); // awaited on a later turn; until then a failure must not count as unhandled
      return inputs;
    };
    const writable = (async () => {
      await scores?.writeAfter;
      await lockStandings(tx, tenant.id);
      // Everyone's standing: the tenant's stored answers are all stale, said once rather than per customer.
      if (!customerIds) await raiseTenantViewVersion(tx, tenant.id);
    })();
    let failed = false;
    writable.catch(() => {
      failed = true;
    });
    // Each slice's write is one statement, sent once the transaction may write and run while the next
    // slices are evaluated; the writes are awaited together at the end. They are of distinct customers,
    // so their order does not matter; a failed one makes the later ones fail too, and the first failure
    // is the run's.
    const writes: Array<Promise<void>> = [];
    let next: Promise<StoredInputs> | null = read(0);
    for (let start = 0; next && !failed; start += CHUNK) {
      const inputs: StoredInputs = await next;
      next = start + CHUNK < ids.length ? read(start + CHUNK) : null;
      const rows = [...inputs].map(([customerId, input]) => ({
        customerId,
        programVersion: program.version,
        asOfDate,
        summary: summarize(standingOf(input, context), program.program),
      }));
      const writing = writable.then(() => writeStandings(tx, tenant.id, asOf, rows));
      writing.catch(() => {}); // awaited below; until then a failure must not count as unhandled
      writes.push(writing);
      // Slices at hand resolve as microtasks, which never let Node read the database's answers: without
      // a turn of the event loop here the writes would wait for the end (the first one waits for its
      // statement to be described before it is sent).
      await setImmediate();
    }
    await writable;
    await Promise.all(writes);
    // A scoring run that read its data before these changes may still write its standings over these.
    if (customerIds) await noteForUnsettledRuns(tx, tenant.id, ids);
    return ids.length;
  });
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
