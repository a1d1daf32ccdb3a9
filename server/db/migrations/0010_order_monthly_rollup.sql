-- Issue 8: GET /v1/metrics reads these instead of every order of the tenant. Both are kept current by
-- triggers on orders, so every writer (the POST /v1/orders upsert, the demo seed, a COPY, a hand-run
-- UPDATE or DELETE) keeps them right without knowing they exist.
--
-- A customer's orders per calendar month of the tenant's time zone. `month` is the month's first day;
-- a row exists while the customer has an order in that month. Revenue figures are derived from these:
-- gross = paid_amount + refunded_amount, refunds = refunded_amount, kept orders = paid_orders.
create table order_monthly_rollup (
  tenant_id text not null,
  customer_id text not null,
  month date not null,
  paid_orders integer not null,
  paid_amount bigint not null,
  refunded_orders integer not null,
  refunded_amount bigint not null,
  -- The included columns let a pass over a customer's months (the metrics' range totals) read the index alone.
  primary key (tenant_id, customer_id, month) include (paid_orders, paid_amount)
);

-- A month's customers by their paid amount: the metrics read a month's top customers from its end.
create index order_monthly_rollup_by_month on order_monthly_rollup (tenant_id, month, paid_amount);

-- A customer's paid orders of all time, and the first of them (the instant and its month in the tenant's
-- time zone). A row exists while the customer has a paid order.
create table customer_order_totals (
  tenant_id text not null,
  customer_id text not null,
  paid_orders integer not null,
  paid_amount bigint not null,
  first_paid_at timestamptz not null,
  first_paid_month date not null,
  primary key (tenant_id, customer_id)
);

-- Applies a statement's changed orders as differences: what is there now counts +1, what was there
-- before -1 (an update that moves an order to another month, customer or status is both). Sums and
-- counts take differences; the first paid order cannot be un-taken by one, so it is looked up again in
-- orders for the customers that lost a paid order at or before it. Differences commute, so concurrent
-- batches of the same customer, serialized by the rows' locks, each add their own part.
-- Statement-level with transition tables: one pass per statement, however many rows it wrote. Runs with
-- the writer's rights (not SECURITY DEFINER), so row-level security applies to it as to the writer.
create function order_rollup_apply() returns trigger
language plpgsql as $$
declare
  changed text := case tg_op
    when 'INSERT' then 'select tenant_id, customer_id, occurred_at, amount, status, 1 as sign from new_orders'
    when 'DELETE' then 'select tenant_id, customer_id, occurred_at, amount, status, -1 as sign from old_orders'
    else 'select tenant_id, customer_id, occurred_at, amount, status, 1 as sign from new_orders
          union all
          select tenant_id, customer_id, occurred_at, amount, status, -1 as sign from old_orders'
  end;
begin
  -- An upsert fires the UPDATE trigger even when it updated nothing (every batch of new orders, every
  -- re-sent batch): then there is nothing to do.
  if tg_op = 'DELETE' then
    if not exists (select from old_orders) then return null; end if;
  elsif not exists (select from new_orders) then
    return null;
  end if;
  -- The rows are written in key order, so two statements that share customers lock them in the same order.
  execute format($sql$
    with changed as (%s),
    delta as (
      select c.tenant_id, c.customer_id, date_trunc('month', c.occurred_at at time zone t.time_zone)::date as month,
             coalesce(sum(c.sign) filter (where c.status = 'paid'), 0)::integer as paid_orders,
             coalesce(sum(c.sign * c.amount) filter (where c.status = 'paid'), 0)::bigint as paid_amount,
             coalesce(sum(c.sign) filter (where c.status = 'refunded'), 0)::integer as refunded_orders,
             coalesce(sum(c.sign * c.amount) filter (where c.status = 'refunded'), 0)::bigint as refunded_amount,
             -- Only an added paid order can move the first one earlier.
             min(c.occurred_at) filter (where c.status = 'paid' and c.sign > 0) as first_paid_at
      from changed c join tenants t on t.id = c.tenant_id
      group by 1, 2, 3
    ),
    months as (
      insert into order_monthly_rollup as r (tenant_id, customer_id, month, paid_orders, paid_amount, refunded_orders, refunded_amount)
      select tenant_id, customer_id, month, paid_orders, paid_amount, refunded_orders, refunded_amount
      from delta
      order by tenant_id, customer_id, month
      on conflict (tenant_id, customer_id, month) do update set
        paid_orders = r.paid_orders + excluded.paid_orders,
        paid_amount = r.paid_amount + excluded.paid_amount,
        refunded_orders = r.refunded_orders + excluded.refunded_orders,
        refunded_amount = r.refunded_amount + excluded.refunded_amount
    )
    insert into customer_order_totals as t (tenant_id, customer_id, paid_orders, paid_amount, first_paid_at, first_paid_month)
    -- 'infinity' stands for "no added paid order": least() then keeps the stored first order.
    select tenant_id, customer_id, sum(paid_orders), sum(paid_amount),
           coalesce(min(first_paid_at), 'infinity'), coalesce(min(month) filter (where first_paid_at is not null), 'infinity')
    from delta
    where paid_orders <> 0 or first_paid_at is not null
    group by 1, 2
    order by 1, 2
    on conflict (tenant_id, customer_id) do update set
      paid_orders = t.paid_orders + excluded.paid_orders,
      paid_amount = t.paid_amount + excluded.paid_amount,
      first_paid_at = least(t.first_paid_at, excluded.first_paid_at),
      first_paid_month = least(t.first_paid_month, excluded.first_paid_month)
  $sql$, changed);

  if tg_op in ('UPDATE', 'DELETE') then
    -- A paid order at or before a customer's first one left (or changed): find the first one again.
    update customer_order_totals t
    set first_paid_at = f.first_paid_at,
        first_paid_month = date_trunc('month', f.first_paid_at at time zone z.time_zone)::date
    from (
      select tenant_id, customer_id, min(occurred_at) as occurred_at
      from old_orders where status = 'paid' group by 1, 2
    ) removed
    join tenants z on z.id = removed.tenant_id
    cross join lateral (
      select min(o.occurred_at) as first_paid_at from orders o
      where o.tenant_id = removed.tenant_id and o.customer_id = removed.customer_id and o.status = 'paid'
    ) f
    where t.tenant_id = removed.tenant_id and t.customer_id = removed.customer_id
      and removed.occurred_at <= t.first_paid_at and f.first_paid_at is not null;

    -- Rows with nothing left in them go (a month without orders, a customer without paid orders). Below
    -- zero too: when a tenant's rows were deleted before its orders in the same transaction (the demo
    -- seed's reset deletes every tenant table in no set order), the orders' removal finds no row and
    -- inserts its negative difference.
    delete from order_monthly_rollup r
    using (select distinct tenant_id, customer_id from old_orders) a
    where r.tenant_id = a.tenant_id and r.customer_id = a.customer_id and r.paid_orders <= 0 and r.refunded_orders <= 0;
    delete from customer_order_totals t
    using (select distinct tenant_id, customer_id from old_orders) a
    where t.tenant_id = a.tenant_id and t.customer_id = a.customer_id and t.paid_orders <= 0;
  end if;
  return null;
end
$$;

-- Transition tables allow one event per trigger, hence three.
create trigger orders_rollup_insert after insert on orders
  referencing new table as new_orders for each statement execute function order_rollup_apply();
create trigger orders_rollup_update after update on orders
  referencing old table as old_orders new table as new_orders for each statement execute function order_rollup_apply();
create trigger orders_rollup_delete after delete on orders
  referencing old table as old_orders for each statement execute function order_rollup_apply();

-- TRUNCATE empties orders of every tenant at once.
create function order_rollup_truncate() returns trigger
language plpgsql as $$
begin
  truncate order_monthly_rollup, customer_order_totals;
  return null;
end
$$;
create trigger orders_rollup_truncate after truncate on orders
  for each statement execute function order_rollup_truncate();

-- Builds a tenant's rows from its orders: the backfill below, and a change of the tenant's time zone,
-- which moves orders near a month's edge into the neighbouring month.
create function order_rollup_rebuild(p_tenant_id text) returns void
language plpgsql as $$
begin
  delete from order_monthly_rollup where tenant_id = p_tenant_id;
  delete from customer_order_totals where tenant_id = p_tenant_id;
  insert into order_monthly_rollup (tenant_id, customer_id, month, paid_orders, paid_amount, refunded_orders, refunded_amount)
  select o.tenant_id, o.customer_id, date_trunc('month', o.occurred_at at time zone t.time_zone)::date,
         count(*) filter (where o.status = 'paid'), coalesce(sum(o.amount) filter (where o.status = 'paid'), 0),
         count(*) filter (where o.status = 'refunded'), coalesce(sum(o.amount) filter (where o.status = 'refunded'), 0)
  from orders o join tenants t on t.id = o.tenant_id
  where o.tenant_id = p_tenant_id
  group by 1, 2, 3
  order by 1, 2, 3;
  insert into customer_order_totals (tenant_id, customer_id, paid_orders, paid_amount, first_paid_at, first_paid_month)
  select o.tenant_id, o.customer_id, count(*), sum(o.amount), min(o.occurred_at),
         date_trunc('month', min(o.occurred_at) at time zone min(t.time_zone))::date
  from orders o join tenants t on t.id = o.tenant_id
  where o.tenant_id = p_tenant_id and o.status = 'paid'
  group by 1, 2
  order by 1, 2;
end
$$;

create function tenant_time_zone_rebuild() returns trigger
language plpgsql as $$
begin
  perform order_rollup_rebuild(new.id);
  return null;
end
$$;
create trigger tenants_time_zone_rollup after update of time_zone on tenants
  for each row when (old.time_zone is distinct from new.time_zone) execute function tenant_time_zone_rebuild();

select order_rollup_rebuild(id) from tenants;
