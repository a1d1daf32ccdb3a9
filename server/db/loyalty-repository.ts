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
import type { BgNbdParams } from '../../shared/clv/bg-nbd.ts';
import { readOrderHistories, type OrderHistory } from './order-history-repository.ts';
import { andSelected, type CustomerSelection } from './customer-selection.ts';

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

/** The sources of the rules besides the orders, by customer; customers absent from a map have none. */
export interface LoyaltyExtras {
  firstNpsAnswerDays: Map<string, number>;
  custom: Map<string, CustomerLoyaltyInputs['custom']>;
  redemptions: Map<string, CustomerLoyaltyInputs['redemptions']>;
  overrides: Map<string, NonNullable<CustomerLoyaltyInputs['override']>>;
  scores: Map<string, NonNullable<CustomerLoyaltyInputs['score']>>;
}

/**
 * The first NPS answer, custom milestones, redemptions, override and latest scores (with their model)
 * of the selected customers, as of `asOf`: one statement per source, grouped by customer, sent together.
 * A source the program does not count is not read.
 */
export async function readLoyaltyExtras(
  sql: Queryable,
  tenantId: string,
  customers: CustomerSelection,
  { asOf, timeZone, program }: { asOf: Date; timeZone: string; program: Program },
): Promise<LoyaltyExtras> {
  const day = (column: string) => sql`((${sql(column)} at time zone ${timeZone})::date - date '1970-01-01')`;
  const kinds = new Set(program.milestones.map((milestone) => milestone.kind));
  const none = Promise.resolve([]);
  const [nps, custom, redemptions, overrides, scores] = await Promise.all([
    kinds.has('first-nps-answer')
      ? sql<{ customerId: string; day: number }[]>`
          select customer_id as "customerId", min(${day('answered_at')}) as day from nps_responses
          where tenant_id = ${tenantId} and answered_at <= ${asOf} ${andSelected(sql, 'customer_id', customers)}
          group by customer_id`
      : none,
    kinds.has('custom')
      ? sql<{ customerId: string; items: Array<{ milestoneId: string; progress: number | null; reachedDay: number | null }> }[]>`
          select customer_id as "customerId",
                 json_agg(json_build_object('milestoneId', milestone_id, 'progress', progress,
                                            'reachedDay', case when reached_at is null then null else ${day('reached_at')} end)) as items
          from custom_milestones where tenant_id = ${tenantId} ${andSelected(sql, 'customer_id', customers)}
          group by customer_id`
      : none,
    sql<{ customerId: string; items: Array<{ id: string; day: number; points: number; note: string | null }> }[]>`
      select customer_id as "customerId",
             json_agg(json_build_object('id', external_id, 'day', ${day('occurred_at')}, 'points', points::float8, 'note', note)
                      order by occurred_at, external_id) as items
      from points_redemptions where tenant_id = ${tenantId} and occurred_at <= ${asOf} ${andSelected(sql, 'customer_id', customers)}
      group by customer_id`,
    sql<{ customerId: string; tierId: string; endsOn: number; reason: string | null; setAt: Date }[]>`
      select customer_id as "customerId", tier_id as "tierId", (ends_on - date '1970-01-01') as "endsOn", reason, set_at as "setAt"
      from tier_overrides where tenant_id = ${tenantId} ${andSelected(sql, 'customer_id', customers)}`,
    sql<{ customerId: string; frequency: number; recencyWeeks: number; ageWeeks: number; pAlive: number; expectedSpend: number; scoredAt: Date; scoredOn: number; purchaseModel: { r: number; alpha: number; a: number; b: number } | null }[]>`
      select s.customer_id as "customerId", s.frequency, s.recency_weeks as "recencyWeeks", s.age_weeks as "ageWeeks", s.p_alive as "pAlive",
             s.expected_spend as "expectedSpend", s.computed_at as "scoredAt", ${day('s.computed_at')} as "scoredOn", mr.purchase_model as "purchaseModel"
      from customer_scores s join model_runs mr on mr.tenant_id = s.tenant_id and mr.id = s.run_id
      where s.tenant_id = ${tenantId} ${andSelected(sql, 's.customer_id', customers)}`,
  ]);
  const extras: LoyaltyExtras = { firstNpsAnswerDays: new Map(), custom: new Map(), redemptions: new Map(), overrides: new Map(), scores: new Map() };
  for (const row of nps) extras.firstNpsAnswerDays.set(row.customerId, row.day);
  for (const row of custom) extras.custom.set(row.customerId, new Map(row.items.map((item) => [item.milestoneId, { reachedDay: item.reachedDay, progress: item.progress }])));
  for (const row of redemptions) extras.redemptions.set(row.customerId, row.items);
  for (const row of overrides) extras.overrides.set(row.customerId, { tierId: row.tierId, endsOn: row.endsOn, reason: row.reason, setAt: row.setAt.toISOString() });
  for (const row of scores) {
    const model = row.purchaseModel;
    if (model) extras.scores.set(row.customerId, scoreForRules(row, model, row.scoredOn, row.scoredAt));
  }
  return extras;
}

/** A customer's scores (as stored, or as a scoring run just computed them) in the form the rules take. */
export function scoreForRules(
  score: { frequency: number; recencyWeeks: number; ageWeeks: number; pAlive: number; expectedSpend: number },
  model: BgNbdParams,
  scoredOn: number,
  computedAt: Date,
): NonNullable<CustomerLoyaltyInputs['score']> {
  return {
    params: { r: model.r, alpha: model.alpha, a: model.a, b: model.b },
    row: { frequency: score.frequency, recency: score.recencyWeeks, T: score.ageWeeks },
    scoredOn,
    spendPerPurchase: score.expectedSpend,
    probabilityAlive: score.pAlive,
    computedAt: computedAt.toISOString(),
  };
}

const NO_CUSTOM: CustomerLoyaltyInputs['custom'] = new Map();

/** One customer's inputs from their order history (undefined: no kept order) and the other sources. */
export function loyaltyInputsOf(customerId: string, history: OrderHistory | undefined, extras: LoyaltyExtras): CustomerLoyaltyInputs {
  return {
    orders: history ? history.days.map((day, i) => ({ id: history.ids?.[i] ?? '', day, amount: history.amounts[i] ?? 0 })) : [],
    productFirstDays: history?.productFirstDays ?? [],
    firstNpsAnswerDay: extras.firstNpsAnswerDays.get(customerId) ?? null,
    custom: extras.custom.get(customerId) ?? NO_CUSTOM,
    redemptions: extras.redemptions.get(customerId) ?? [],
    override: extras.overrides.get(customerId) ?? null,
    score: extras.scores.get(customerId) ?? null,
  };
}

/**
 * Everything the rules need about these customers (the ones of the list that exist), as of `asOf`: their
 * kept orders with ids (and SKUs when a milestone counts products), and the other sources.
 * `contiguous`: the list is a slice of allCustomerIds, read as the range between its first and last id.
 */
export async function readLoyaltyInputs(
  sql: Queryable,
  tenantId: string,
  customerIds: string[],
  { asOf, timeZone, program, contiguous = false }: { asOf: Date; timeZone: string; program: Program; contiguous?: boolean },
): Promise<StoredInputs> {
  const customers: CustomerSelection = contiguous ? { from: customerIds[0] ?? '', to: customerIds.at(-1) ?? '' } : { ids: customerIds };
  const productDays = program.milestones.some((milestone) => milestone.kind === 'products');
  const histories = new Map<string, OrderHistory>();
  const [existing, extras] = await Promise.all([
    sql<{ id: string }[]>`select external_id as id from customers where tenant_id = ${tenantId} ${andSelected(sql, 'external_id', customers)}`,
    readLoyaltyExtras(sql, tenantId, customers, { asOf, timeZone, program }),
    readOrderHistories(sql, tenantId, { asOf, timeZone, productDays, customers, keepIds: true }, (history) => histories.set(history.customerId, history)),
  ]);
  return new Map(existing.map(({ id }) => [id, loyaltyInputsOf(id, histories.get(id), extras)]));
}

export interface StandingRow {
  customerId: string;
  programVersion: number;
  asOfDate: string;
  summary: StandingSummary;
}

// Two evaluations in bulk of one tenant (a scoring run and a program change) would upsert the same rows
// in different orders and could deadlock: they take turns. A re-evaluation of a few customers holds it
// from its start (scoring/rescore-customers.ts) while it writes their scores, which raises their view
// versions; so a transaction that writes what loyalty reads (an override, a redemption) takes it before
// its first write, else each could wait for the other: the re-evaluation for that customer's version row,
// the transaction for the lock.
/**
 * Waits for the tenant's other writer of standings, if any; call in the transaction before writeStandings,
 * and before the first write of a transaction that evaluates loyalty after it.
 */
export async function lockStandings(sql: Queryable, tenantId: string): Promise<void> {
  await sql`select pg_advisory_xact_lock(hashtext(${`loyalty:${tenantId}`}))`;
}

/**
 * Upserts customers' standing in the narrow columns and clears their cached payload, which the next
 * read materializes again. One statement; in a transaction that holds lockStandings.
 */
export async function writeStandings(sql: Queryable, tenantId: string, asOf: Date, rows: StandingRow[]): Promise<void> {
  if (rows.length === 0) return;
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
