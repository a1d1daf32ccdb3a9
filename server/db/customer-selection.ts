/**
 * Which of a tenant's customers a read covers: a list, every customer between two ids (a slice of the
 * ids in order: a range of the primary key, where a long `= any(...)` list can make the planner scan
 * the table once per slice), or all of them.
 */
import type { Queryable } from './connect.ts';

export type CustomerSelection = { ids: string[] } | { from: string; to: string } | 'all';

/** The condition on `column` (a customer id column) that keeps the selected customers, starting with `and`. */
export function andSelected(sql: Queryable, column: string, customers: CustomerSelection) {
  if (customers === 'all') return sql``;
  if ('ids' in customers) return sql`and ${sql(column)} = any(${customers.ids}::text[])`;
  return sql`and ${sql(column)} between ${customers.from} and ${customers.to}`;
}
