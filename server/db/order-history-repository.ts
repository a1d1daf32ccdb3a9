/**
 * Customers' kept (paid, not refunded) orders up to an instant, one row per customer, for the models and
 * the loyalty rules: the scoring run reads every customer's in one pass over the orders, which both use,
 * instead of one pass each (the orders table of a large tenant does not stay in the database's cache).
 */
import type { Queryable } from './connect.ts';
import { andSelected, type CustomerSelection } from './customer-selection.ts';

export interface OrderHistory {
  customerId: string;
  /**
   * The orders' ids, or null when the reader did not keep them. The orders are in the order the loyalty
   * rules take them (by day, then by id, in JavaScript's string order), so without their ids they still
   * evaluate to the same standing: ids only break ties, and the ledger's entries are not kept.
   */
  ids: string[] | null;
  /** Day numbers of the tenant's calendar (days since 1970-01-01), ascending. */
  days: number[];
  /** Each order's amount in minor units, aligned with `days`. */
  amounts: number[];
  /** The first day each distinct SKU was bought, ascending; empty unless asked for. */
  productFirstDays: number[];
}

export interface OrderHistoryOptions {
  asOf: Date;
  timeZone: string;
  /** Read the SKUs of the orders for `productFirstDays` (a program with a products milestone). */
  productDays: boolean;
  /** Whose histories; customers without a kept order have none. */
  customers: CustomerSelection;
}

/** The first day each distinct SKU was bought, ascending, from each order's SKUs with the orders in order of day. */
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

interface HistoryRow {
  customerId: string;
  ids: string[];
  days: number[];
  amounts: number[];
  skus: unknown[][] | null;
}

const byDayThenId = (row: HistoryRow) => (a: number, b: number) => {
  const idA = row.ids[a] ?? '';
  const idB = row.ids[b] ?? '';
  return (row.days[a] ?? 0) - (row.days[b] ?? 0) || (idA < idB ? -1 : idA > idB ? 1 : 0);
};

function historyOf(row: HistoryRow, keepIds: boolean): OrderHistory {
  // The database hands the orders over by instant, then id; two orders of one day may still need
  // swapping into id order (which JavaScript compares by UTF-16 code units, not by the database's collation).
  let sorted = true;
  for (let i = 1; i < row.days.length && sorted; i += 1) {
    const day = row.days[i] ?? 0;
    const before = row.days[i - 1] ?? 0;
    sorted = day > before || (day === before && (row.ids[i - 1] ?? '') < (row.ids[i] ?? ''));
  }
  const order = sorted ? null : row.days.map((_, index) => index).sort(byDayThenId(row));
  const pick = <T>(values: T[]) => (order ? order.map((index) => values[index] as T) : values);
  const days = pick(row.days);
  return {
    customerId: row.customerId,
    ids: keepIds ? pick(row.ids) : null,
    days,
    amounts: pick(row.amounts),
    productFirstDays: row.skus ? firstDays(pick(row.skus), days) : [],
  };
}

/**
 * Calls `each` with every history (by customer id) as the rows arrive, so that a tenant of any size is
 * never held as one result and Node works while the database reads.
 */
export async function readOrderHistories(
  sql: Queryable,
  tenantId: string,
  options: OrderHistoryOptions & { keepIds: boolean },
  each: (history: OrderHistory) => void,
): Promise<void> {
  const { asOf, timeZone, productDays, customers, keepIds } = options;
  // The aggregates take the rows in the order of the sorted subquery: one sort instead of one per
  // aggregate. historyOf does not rely on it: it sorts again when the order is not (day, id).
  // json rather than arrays: the driver hands json to JSON.parse, several times faster than its array parser.
  await sql<HistoryRow[]>`
    select customer_id as "customerId", json_agg(external_id) as ids, json_agg(day) as days, json_agg(amount) as amounts,
           ${productDays ? sql`json_agg(skus)` : sql`null::json`} as skus
    from (
      select customer_id, external_id, ((occurred_at at time zone ${timeZone})::date - date '1970-01-01') as day, amount,
             ${productDays ? sql`jsonb_path_query_array(items, '$[*].sku')` : sql`null::jsonb`} as skus
      from orders
      where tenant_id = ${tenantId} and status = 'paid' and occurred_at <= ${asOf}
        ${andSelected(sql, 'customer_id', customers)}
      order by customer_id, occurred_at, external_id
    ) kept
    group by customer_id
    order by customer_id`.forEach((row) => each(historyOf(row, keepIds)));
}

/** The histories of a few customers (a refresh after new orders, a goal's check). */
export async function readSomeOrderHistories(
  sql: Queryable,
  tenantId: string,
  options: OrderHistoryOptions & { keepIds: boolean },
): Promise<OrderHistory[]> {
  const histories: OrderHistory[] = [];
  await readOrderHistories(sql, tenantId, options, (history) => histories.push(history));
  return histories;
}

/** The calendar days with a purchase and the amount spent on each: what the models count. */
export function purchaseDaysOf({ days, amounts }: Pick<OrderHistory, 'days' | 'amounts'>): { days: number[]; values: number[] } {
  const purchaseDays: number[] = [];
  const values: number[] = [];
  for (let i = 0; i < days.length; i += 1) {
    const day = days[i] ?? 0;
    const amount = amounts[i] ?? 0;
    if (purchaseDays.at(-1) === day) values[values.length - 1] = (values.at(-1) ?? 0) + amount;
    else {
      purchaseDays.push(day);
      values.push(amount);
    }
  }
  return { days: purchaseDays, values };
}
