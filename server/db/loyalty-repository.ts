/**
 * Loyalty storage: program versions, what the vendor reports per customer (overrides, redemptions,
 * custom milestones), the inputs the rules need, and the computed state and ledger. Days are exchanged
 * as day numbers of the tenant's calendar (shared/loyalty/calendar.ts), computed by the database with
 * the tenant time zone, as readPurchaseDays does.
 */
import type { Queryable } from './connect.ts';
import type { BatchResult } from '../../shared/schemas/common.ts';
import { DisclosureSchema, ProgramSchema, type Disclosure, type Program } from '../../shared/schemas/program.ts';
import type { LedgerEntry, Loyalty } from '../../shared/schemas/loyalty.ts';
import type { CustomMilestoneInput, PointsRedemptionInput } from '../../shared/schemas/loyalty-inputs.ts';
import type { CustomerLoyaltyInputs, StandingSummary } from '../../shared/loyalty/evaluate.ts';
import { defaultProgram } from '../../shared/loyalty/defaults.ts';

export interface ProgramVersion {
  version: number;
  updatedAt: string | null;
  program: Program;
}

export async function currentProgram(sql: Queryable, tenantId: string, currency: string): Promise<ProgramVersion> {
  const [row] = await sql<{ version: number; program: unknown; createdAt: Date }[]>`
    select version, program, created_at as "createdAt" from loyalty_programs
    where tenant_id = ${tenantId} order by version desc limit 1`;
  if (!row) return { version: 0, updatedAt: null, program: defaultProgram(currency) };
  // Parsed again so that a version saved before a field existed gets that field's default.
  return { version: row.version, updatedAt: row.createdAt.toISOString(), program: ProgramSchema.parse(row.program) };
}

// Saved versions never change, so a version read once is kept (per process, bounded).
const programVersions = new Map<string, ProgramVersion>();

/** A given version of the tenant's program (0: the default), from memory when it was read before. */
export async function programVersion(sql: Queryable, tenantId: string, version: number, currency: string): Promise<ProgramVersion> {
  if (version === 0) return { version: 0, updatedAt: null, program: defaultProgram(currency) };
  const key = `${tenantId}:${version}`;
  const known = programVersions.get(key);
  if (known) return known;
  const [row] = await sql<{ program: unknown; createdAt: Date }[]>`
    select program, created_at as "createdAt" from loyalty_programs where tenant_id = ${tenantId} and version = ${version}`;
  if (!row) return currentProgram(sql, tenantId, currency);
  const read = { version, updatedAt: row.createdAt.toISOString(), program: ProgramSchema.parse(row.program) };
  if (programVersions.size > 1000) programVersions.clear();
  programVersions.set(key, read);
  return read;
}

/** Saves a new version (the next number); a concurrent save of the same number fails on the primary key. */
export async function saveProgram(sql: Queryable, tenantId: string, program: Program): Promise<ProgramVersion> {
  const [row] = await sql<{ version: number; createdAt: Date }[]>`
    insert into loyalty_programs (tenant_id, version, program)
    select ${tenantId}, coalesce(max(version), 0) + 1, ${sql.json(program as never)}
    from loyalty_programs where tenant_id = ${tenantId}
    returning version, created_at as "createdAt"`;
  if (!row) throw new Error('saving the program returned no row');
  return { version: row.version, updatedAt: row.createdAt.toISOString(), program };
}

/** Overrides still in force on `today` (a day number) whose tier the given program lacks. */
export async function overridesToMissingTiers(sql: Queryable, tenantId: string, tierIds: string[], today: number): Promise<Array<{ tierId: string; customers: number }>> {
  return sql<{ tierId: string; customers: number }[]>`
    select tier_id as "tierId", count(*)::int as customers from tier_overrides
    where tenant_id = ${tenantId} and ends_on >= date '1970-01-01' + ${today}::int and tier_id <> all(${tierIds}::text[])
    group by tier_id order by tier_id`;
}

export async function allCustomerIds(sql: Queryable, tenantId: string): Promise<string[]> {
  const rows = await sql<{ id: string }[]>`select external_id as id from customers where tenant_id = ${tenantId} order by external_id`;
  return rows.map((row) => row.id);
}

export type StoredInputs = Map<string, CustomerLoyaltyInputs>;

/** The first day each distinct SKU was bought, ascending, from each order's SKUs in order of time. */
function firstDays(skusByOrder: unknown[][], days: number[]): number[] {
  const seen = new Set<unknown>();
  const first: number[] = [];
  skusByOrder.forEach((skus, i) => {
    for (const sku of skus) {
      if (seen.has(sku)) continue;
      seen.add(sku);
      first.push(days[i] ?? 0);
    }
  });
  return first;
}

interface InputsRow {
  customerId: string;
  ids: string[] | null;
  days: number[] | null;
  amounts: number[] | null;
  skus: unknown[][] | null;
  firstNpsAnswerDay: number | null;
  custom: Array<{ milestoneId: string; progress: number | null; reachedDay: number | null }> | null;
  redemptions: Array<{ id: string; day: number; points: number; note: string | null }> | null;
  overrideTierId: string | null;
  overrideEndsOn: number | null;
  overrideReason: string | null;
  overrideSetAt: Date | null;
  frequency: number | null;
  recencyWeeks: number | null;
  ageWeeks: number | null;
  pAlive: number | null;
  expectedSpend: number | null;
  scoredAt: Date | null;
  scoredOn: number | null;
  purchaseModel: { r: number; alpha: number; a: number; b: number } | null;
}

/**
 * Everything the rules need about these customers, as of `asOf`, in one statement: kept orders (with
 * their SKUs when a milestone counts products), the first NPS answer, custom milestones, redemptions,
 * the override and the latest scores with their model. Each source is read by its (tenant, customer)
 * index, customer by customer.
 */
export async function readLoyaltyInputs(
  sql: Queryable,
  tenantId: string,
  customerIds: string[],
  { asOf, timeZone, program, contiguous = false }: { asOf: Date; timeZone: string; program: Program; contiguous?: boolean },
): Promise<StoredInputs> {
  const day = (column: string) => sql`((${sql(column)} at time zone ${timeZone})::date - date '1970-01-01')`;
  const kinds = new Set(program.milestones.map((milestone) => milestone.kind));
  // A slice of allCustomerIds is every customer between its first and last id: a range of the primary
  // key, where a long `= any(...)` list can make the planner scan the table once per slice.
  const which = contiguous
    ? sql`c.external_id between ${customerIds[0] ?? ''} and ${customerIds.at(-1) ?? ''}`
    : sql`c.external_id = any(${customerIds}::text[])`;
  const rows = await sql<InputsRow[]>`
    select c.external_id as "customerId", o.ids, o.days, o.amounts, o.skus, n.first_day as "firstNpsAnswerDay", m.custom, r.redemptions,
           v.tier_id as "overrideTierId", (v.ends_on - date '1970-01-01') as "overrideEndsOn", v.reason as "overrideReason", v.set_at as "overrideSetAt",
           s.frequency, s.recency_weeks as "recencyWeeks", s.age_weeks as "ageWeeks", s.p_alive as "pAlive", s.expected_spend as "expectedSpend",
           s.computed_at as "scoredAt", ${day('s.computed_at')} as "scoredOn", mr.purchase_model as "purchaseModel"
    from customers c
    left join lateral (
      select array_agg(external_id order by occurred_at, external_id) as ids,
             array_agg(${day('occurred_at')} order by occurred_at, external_id) as days,
             array_agg(amount::float8 order by occurred_at, external_id) as amounts,
             ${kinds.has('products') ? sql`array_agg(jsonb_path_query_array(items, '$[*].sku') order by occurred_at, external_id)` : sql`null::jsonb[]`} as skus
      from orders
      where tenant_id = c.tenant_id and customer_id = c.external_id and status = 'paid' and occurred_at <= ${asOf}
    ) o on true
    left join lateral (
      select ${kinds.has('first-nps-answer') ? sql`min(${day('answered_at')})` : sql`null::int`} as first_day
      from nps_responses
      where ${kinds.has('first-nps-answer')} and tenant_id = c.tenant_id and customer_id = c.external_id and answered_at <= ${asOf}
    ) n on true
    left join lateral (
      select json_agg(json_build_object('milestoneId', milestone_id, 'progress', progress,
                                        'reachedDay', case when reached_at is null then null else ${day('reached_at')} end)) as custom
      from custom_milestones where ${kinds.has('custom')} and tenant_id = c.tenant_id and customer_id = c.external_id
    ) m on true
    left join lateral (
      select json_agg(json_build_object('id', external_id, 'day', ${day('occurred_at')}, 'points', points::float8, 'note', note)
                      order by occurred_at, external_id) as redemptions
      from points_redemptions where tenant_id = c.tenant_id and customer_id = c.external_id and occurred_at <= ${asOf}
    ) r on true
    left join tier_overrides v on v.tenant_id = c.tenant_id and v.customer_id = c.external_id
    left join customer_scores s on s.tenant_id = c.tenant_id and s.customer_id = c.external_id
    left join model_runs mr on mr.tenant_id = s.tenant_id and mr.id = s.run_id
    where c.tenant_id = ${tenantId} and ${which}`;

  const inputs: StoredInputs = new Map();
  for (const row of rows) {
    const days = row.days ?? [];
    const model = row.purchaseModel;
    inputs.set(row.customerId, {
      orders: (row.ids ?? []).map((id, i) => ({ id, day: days[i] ?? 0, amount: row.amounts?.[i] ?? 0 })),
      productFirstDays: row.skus ? firstDays(row.skus, days) : [],
      firstNpsAnswerDay: row.firstNpsAnswerDay,
      custom: new Map((row.custom ?? []).map((item) => [item.milestoneId, { reachedDay: item.reachedDay, progress: item.progress }])),
      redemptions: row.redemptions ?? [],
      override:
        row.overrideTierId !== null && row.overrideEndsOn !== null && row.overrideSetAt !== null
          ? { tierId: row.overrideTierId, endsOn: row.overrideEndsOn, reason: row.overrideReason, setAt: row.overrideSetAt.toISOString() }
          : null,
      score:
        model && row.frequency !== null && row.recencyWeeks !== null && row.ageWeeks !== null && row.scoredOn !== null && row.scoredAt !== null
          ? {
              params: { r: model.r, alpha: model.alpha, a: model.a, b: model.b },
              row: { frequency: row.frequency, recency: row.recencyWeeks, T: row.ageWeeks },
              scoredOn: row.scoredOn,
              spendPerPurchase: row.expectedSpend ?? 0,
              probabilityAlive: row.pAlive ?? 0,
              computedAt: row.scoredAt.toISOString(),
            }
          : null,
    });
  }
  return inputs;
}

export interface StandingRow {
  customerId: string;
  programVersion: number;
  asOfDate: string;
  summary: StandingSummary;
}

// Two evaluations in bulk of one tenant (a scoring run and a program change) would upsert the same rows
// in different orders and could deadlock: they take turns.
const bulkWriterOf = (sql: Queryable, tenantId: string) => sql`select pg_advisory_xact_lock(hashtext(${`loyalty:${tenantId}`}))`;

/**
 * Upserts customers' standing in the narrow columns and clears their cached payload, which the next
 * read materializes again. Run inside a transaction.
 */
export async function writeStandings(sql: Queryable, tenantId: string, asOf: Date, rows: StandingRow[]): Promise<void> {
  if (rows.length === 0) return;
  await bulkWriterOf(sql, tenantId);
  const column = <T>(pick: (row: StandingRow) => T) => rows.map(pick);
  await sql`
    insert into customer_loyalty (tenant_id, customer_id, program_version, computed_at, as_of_date, tier_id, tier_source, tier_since,
                                  qualifying_value, next_tier_id, amount_to_next_tier, tier_kept_through, stage, points_balance, state)
    select ${tenantId}, s.customer_id, s.program_version, ${asOf}, s.as_of_date, s.tier_id, s.tier_source, s.tier_since,
           s.qualifying_value, s.next_tier_id, s.amount_to_next_tier, s.tier_kept_through, s.stage, s.points_balance, null
    from unnest(
      ${column((row) => row.customerId)}::text[], ${column((row) => row.programVersion)}::int[], ${column((row) => row.asOfDate)}::date[],
      ${column((row) => row.summary.tierId)}::text[], ${column((row) => row.summary.tierSource)}::text[], ${column((row) => row.summary.tierSince)}::date[],
      ${column((row) => row.summary.qualifyingValue)}::float8[], ${column((row) => row.summary.nextTierId)}::text[],
      ${column((row) => row.summary.amountToNextTier)}::float8[], ${column((row) => row.summary.tierKeptThrough)}::date[],
      ${column((row) => row.summary.stage)}::text[], ${column((row) => row.summary.pointsBalance)}::bigint[]
    ) as s (customer_id, program_version, as_of_date, tier_id, tier_source, tier_since, qualifying_value, next_tier_id,
            amount_to_next_tier, tier_kept_through, stage, points_balance)
    on conflict (tenant_id, customer_id) do update set
      program_version = excluded.program_version, computed_at = excluded.computed_at, as_of_date = excluded.as_of_date,
      tier_id = excluded.tier_id, tier_source = excluded.tier_source, tier_since = excluded.tier_since,
      qualifying_value = excluded.qualifying_value, next_tier_id = excluded.next_tier_id, amount_to_next_tier = excluded.amount_to_next_tier,
      tier_kept_through = excluded.tier_kept_through, stage = excluded.stage, points_balance = excluded.points_balance, state = null`;
}

export interface MaterializedRow extends StandingRow {
  loyalty: Loyalty;
  ledger: LedgerEntry[];
  ledgerDigest: string;
}

/**
 * Stores one customer's standing with its full payload, and replaces its ledger when the ledger changed
 * (by digest), in one statement: atomic without a transaction, and one round trip on the read path. Two
 * concurrent writes of the same customer meet in the upserts (ON CONFLICT waits for the other).
 */
export async function writeMaterialized(sql: Queryable, tenantId: string, asOf: Date, row: MaterializedRow): Promise<void> {
  const { summary, customerId, ledgerDigest } = row;
  const entries = row.ledger.map((entry) => ({ entry_id: entry.id, entry_date: entry.date, kind: entry.kind, points: entry.points, balance: entry.balance, reason: entry.reason }));
  await sql`
    with previous as (
      select ledger_digest as digest from customer_loyalty where tenant_id = ${tenantId} and customer_id = ${customerId}
    ), changed as (
      select (select digest from previous) is distinct from ${ledgerDigest} as changed
    ), standing as (
      insert into customer_loyalty (tenant_id, customer_id, program_version, computed_at, as_of_date, tier_id, tier_source, tier_since,
                                    qualifying_value, next_tier_id, amount_to_next_tier, tier_kept_through, stage, points_balance,
                                    ledger_digest, state)
      values (${tenantId}, ${customerId}, ${row.programVersion}, ${asOf}, ${row.asOfDate}::date, ${summary.tierId}, ${summary.tierSource},
              ${summary.tierSince}::date, ${summary.qualifyingValue}, ${summary.nextTierId}, ${summary.amountToNextTier},
              ${summary.tierKeptThrough}::date, ${summary.stage}, ${summary.pointsBalance}, ${ledgerDigest}, ${sql.json(row.loyalty as never)})
      on conflict (tenant_id, customer_id) do update set
        program_version = excluded.program_version, computed_at = excluded.computed_at, as_of_date = excluded.as_of_date,
        tier_id = excluded.tier_id, tier_source = excluded.tier_source, tier_since = excluded.tier_since,
        qualifying_value = excluded.qualifying_value, next_tier_id = excluded.next_tier_id, amount_to_next_tier = excluded.amount_to_next_tier,
        tier_kept_through = excluded.tier_kept_through, stage = excluded.stage, points_balance = excluded.points_balance,
        ledger_digest = excluded.ledger_digest, state = excluded.state
    ), fresh as (
      select e.* from jsonb_to_recordset(${sql.json(entries as never)})
        as e (entry_id text, entry_date date, kind text, points bigint, balance bigint, reason jsonb)
      where (select changed from changed)
    ), gone as (
      delete from points_ledger
      where tenant_id = ${tenantId} and customer_id = ${customerId} and (select changed from changed)
        and entry_id <> all(${entries.map((entry) => entry.entry_id)}::text[])
    )
    insert into points_ledger (tenant_id, customer_id, entry_id, entry_date, kind, points, balance, reason)
    select ${tenantId}, ${customerId}, entry_id, entry_date, kind, points, balance, reason from fresh
    on conflict (tenant_id, customer_id, entry_id) do update set
      entry_date = excluded.entry_date, kind = excluded.kind, points = excluded.points, balance = excluded.balance, reason = excluded.reason`;
}

export interface StoredLoyalty {
  state: Loyalty | null;
  programVersion: number | null;
  asOfDay: number | null;
  currentVersion: number;
  disclosure: Disclosure;
  tenant: { id: string; timeZone: string; currency: string };
}

/** The stored state of one customer with what is needed to tell whether it is current, or null without such tenant. */
export async function readStoredLoyalty(sql: Queryable, tenantId: string, customerId: string): Promise<StoredLoyalty | null> {
  const [row] = await sql<{ state: Loyalty | null; programVersion: number | null; asOfDay: number | null; currentVersion: number; disclosure: unknown; timeZone: string; currency: string }[]>`
    select l.state, l.program_version as "programVersion", (l.as_of_date - date '1970-01-01') as "asOfDay", t.time_zone as "timeZone",
           t.currency, coalesce(p.version, 0) as "currentVersion", p.program->'disclosure' as disclosure
    from tenants t
    left join customer_loyalty l on l.tenant_id = t.id and l.customer_id = ${customerId}
    left join lateral (
      select version, program from loyalty_programs where tenant_id = t.id order by version desc limit 1
    ) p on true
    where t.id = ${tenantId}`;
  if (!row) return null;
  const { timeZone, currency, disclosure, ...stored } = row;
  return { ...stored, disclosure: DisclosureSchema.parse(disclosure ?? undefined), tenant: { id: tenantId, timeZone, currency: currency.trim() } };
}

export async function setTierOverride(sql: Queryable, tenantId: string, customerId: string, override: { tierId: string; endsOn: string; reason: string | null }) {
  const [row] = await sql<{ setAt: Date }[]>`
    insert into tier_overrides (tenant_id, customer_id, tier_id, ends_on, reason)
    values (${tenantId}, ${customerId}, ${override.tierId}, ${override.endsOn}::date, ${override.reason})
    on conflict (tenant_id, customer_id) do update set tier_id = excluded.tier_id, ends_on = excluded.ends_on, reason = excluded.reason, set_at = now()
    returning set_at as "setAt"`;
  return { ...override, setAt: (row?.setAt ?? new Date()).toISOString() };
}

export async function clearTierOverride(sql: Queryable, tenantId: string, customerId: string): Promise<boolean> {
  const rows = await sql`delete from tier_overrides where tenant_id = ${tenantId} and customer_id = ${customerId} returning 1`;
  return rows.length > 0;
}

export async function findTierOverride(sql: Queryable, tenantId: string, customerId: string) {
  const [row] = await sql<{ tierId: string; endsOn: string; reason: string | null; setAt: Date }[]>`
    select tier_id as "tierId", to_char(ends_on, 'YYYY-MM-DD') as "endsOn", reason, set_at as "setAt"
    from tier_overrides where tenant_id = ${tenantId} and customer_id = ${customerId}`;
  return row ? { tierId: row.tierId, endsOn: row.endsOn, reason: row.reason, setAt: row.setAt.toISOString() } : null;
}

/** Upserts redemptions by externalId; see upsertCustomers for the rules. */
export async function upsertRedemptions(sql: Queryable, tenantId: string, items: PointsRedemptionInput[]): Promise<BatchResult> {
  const [counts] = await sql<{ inserted: number; updated: number }[]>`
    with upserted as (
      insert into points_redemptions as r (tenant_id, external_id, customer_id, points, occurred_at, note)
      select ${tenantId}, input.* from unnest(
        ${items.map((item) => item.externalId)}::text[], ${items.map((item) => item.customerId)}::text[],
        ${items.map((item) => item.points)}::bigint[], ${items.map((item) => item.occurredAt)}::timestamptz[],
        ${items.map((item) => item.note ?? null)}::text[]
      ) as input
      on conflict (tenant_id, external_id) do update set
        customer_id = excluded.customer_id, points = excluded.points, occurred_at = excluded.occurred_at, note = excluded.note, updated_at = now()
      where (r.customer_id, r.points, r.occurred_at, r.note) is distinct from (excluded.customer_id, excluded.points, excluded.occurred_at, excluded.note)
      returning (xmax = 0) as inserted
    )
    select (count(*) filter (where inserted))::int as inserted, (count(*) filter (where not inserted))::int as updated from upserted`;
  const inserted = counts?.inserted ?? 0;
  const updated = counts?.updated ?? 0;
  return { inserted, updated, unchanged: items.length - inserted - updated };
}

/** The customers the given redemption ids belonged to before this batch (a re-sent redemption may move). */
export async function redemptionOwners(sql: Queryable, tenantId: string, externalIds: string[]): Promise<string[]> {
  const rows = await sql<{ customerId: string }[]>`
    select distinct customer_id as "customerId" from points_redemptions where tenant_id = ${tenantId} and external_id = any(${externalIds}::text[])`;
  return rows.map((row) => row.customerId);
}

/** Upserts custom milestone reports by (customer, milestone). */
export async function upsertCustomMilestones(sql: Queryable, tenantId: string, items: CustomMilestoneInput[]): Promise<BatchResult> {
  const [counts] = await sql<{ inserted: number; updated: number }[]>`
    with upserted as (
      insert into custom_milestones as m (tenant_id, customer_id, milestone_id, progress, reached_at)
      select ${tenantId}, input.* from unnest(
        ${items.map((item) => item.customerId)}::text[], ${items.map((item) => item.milestoneId)}::text[],
        ${items.map((item) => item.progress ?? null)}::float8[], ${items.map((item) => item.reachedAt ?? null)}::timestamptz[]
      ) as input
      on conflict (tenant_id, customer_id, milestone_id) do update set
        progress = excluded.progress, reached_at = excluded.reached_at, updated_at = now()
      where (m.progress, m.reached_at) is distinct from (excluded.progress, excluded.reached_at)
      returning (xmax = 0) as inserted
    )
    select (count(*) filter (where inserted))::int as inserted, (count(*) filter (where not inserted))::int as updated from upserted`;
  const inserted = counts?.inserted ?? 0;
  const updated = counts?.updated ?? 0;
  return { inserted, updated, unchanged: items.length - inserted - updated };
}
