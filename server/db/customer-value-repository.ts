import type { Queryable } from './connect.ts';
import type { CustomerValue } from '../../shared/schemas/customer-value.ts';
import { cumulativeHistory, customerFigures, monthOf } from '../../shared/clv/customer-figures.ts';

/**
 * The value view of one customer of one tenant, or null when this tenant has no such customer
 * (a customer of another tenant is, to the caller, the same as none).
 */
export async function loadCustomerValue(sql: Queryable, tenantId: string, customerId: string, asOf = new Date()): Promise<CustomerValue | null> {
  const [row] = await sql<
    {
      id: string;
      name: string | null;
      currency: string;
      timeZone: string;
      lifespanYears: number;
      grossPaid: number;
      refunds: number;
      orderCount: number;
      firstOrderAt: Date | null;
      monthly: Array<{ month: string; value: number }> | null;
    }[]
  >`
    select c.external_id as id, c.name, t.currency, t.time_zone as "timeZone",
           t.expected_lifespan_years as "lifespanYears",
           coalesce(o.gross_paid, 0)::float8 as "grossPaid", coalesce(o.refunds, 0)::float8 as refunds,
           coalesce(o.order_count, 0)::int as "orderCount", o.first_order_at as "firstOrderAt", m.monthly
    from customers c
    join tenants t on t.id = c.tenant_id
    left join lateral (
      select sum(amount) as gross_paid, sum(amount) filter (where status = 'refunded') as refunds,
             count(*) filter (where status = 'paid') as order_count,
             min(occurred_at) filter (where status = 'paid') as first_order_at
      from orders where tenant_id = c.tenant_id and customer_id = c.external_id and occurred_at <= ${asOf}
    ) o on true
    left join lateral (
      select json_agg(json_build_object('month', month, 'value', value) order by month) as monthly
      from (
        select to_char(occurred_at at time zone t.time_zone, 'YYYY-MM') as month, sum(amount)::float8 as value
        from orders
        where tenant_id = c.tenant_id and customer_id = c.external_id and status = 'paid' and occurred_at <= ${asOf}
        group by 1
      ) by_month
    ) m on true
    where c.tenant_id = ${tenantId} and c.external_id = ${customerId}`;
  if (!row) return null;
  const figures = customerFigures(row, { asOf, lifespanYears: row.lifespanYears });
  const history = row.firstOrderAt
    ? cumulativeHistory(row.monthly ?? [], monthOf(row.firstOrderAt, row.timeZone), monthOf(asOf, row.timeZone))
    : [];
  return {
    customer: { id: row.id, name: row.name },
    currency: row.currency.trim(),
    asOf: asOf.toISOString(),
    figures,
    history,
  };
}
