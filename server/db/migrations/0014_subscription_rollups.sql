-- Issue 8: GET /v1/metrics reads these instead of every subscription record of the tenant, as it reads
-- the order rollups of migration 0010 instead of the orders. Both are kept current by triggers on
-- subscriptions, so every writer (the POST /v1/subscriptions upsert, the demo seed, a hand-run statement)
-- keeps them right without knowing they exist.
--
-- A customer's MRR (the sum of their records with MRR > 0 running at an instant: begun before it and not
-- ended before it) at the start and the end of each calendar month of the tenant's time zone in which one
-- of their records began or ended. `month` is the month's first day; between two rows the customer's MRR
-- stays what the earlier one ends with, so the MRR at any month boundary, and every movement between two
-- boundaries, can be read from these rows alone. The changes within the month (the instants, in order,
-- and what the MRR changed by at each) give the MRR at any instant of it: the metrics take the current
-- month's state now, not at its end.
create table subscription_mrr_monthly (
  tenant_id text not null,
  customer_id text not null,
  month date not null,
  mrr_at_start bigint not null,
  mrr_at_end bigint not null,
  changed_at timestamptz[] not null,
  mrr_changes bigint[] not null,
  primary key (tenant_id, customer_id, month)
);

-- The metrics read the customers whose MRR moved in the months of a request, month by month.
create index subscription_mrr_monthly_by_month on subscription_mrr_monthly (tenant_id, month)
  include (customer_id, mrr_at_start, mrr_at_end);

-- A customer's first record with MRR > 0 (the instant it began and its month in the tenant's time zone):
-- with their first paid order (customer_order_totals) it dates their acquisition. A row exists while the
-- customer has such a record.
create table customer_subscription_totals (
  tenant_id text not null,
  customer_id text not null,
  first_paid_at timestamptz not null,
  first_paid_month date not null,
  primary key (tenant_id, customer_id)
);

-- Recomputes the rows of the given customers (tenant_ids[i], customer_ids[i]) from their records. A
-- customer has a handful of records, and an MRR at a month's start depends on every earlier record, so the
-- customer's rows are rebuilt rather than adjusted by differences. Two transactions rebuilding the same
-- customer would each miss the other's uncommitted records (and collide on the rows' keys), so each first
-- locks the customers' rows in key order until it commits (FOR NO KEY UPDATE: orders and subscriptions
-- referencing them still go in); the statements after it then see what the other committed (writers run
-- at READ COMMITTED). Row locks, unlike advisory locks, need no shared memory per customer.
create function subscription_rollup_recompute(tenant_ids text[], customer_ids text[]) returns void
language plpgsql as $$
begin
  perform 1
  from customers c
  join (select distinct t, c from unnest(tenant_ids, customer_ids) as x (t, c)) x on c.tenant_id = x.t and c.external_id = x.c
  order by c.tenant_id, c.external_id
  for no key update of c;
  delete from subscription_mrr_monthly r
  using (select distinct t, c from unnest(tenant_ids, customer_ids) as x (t, c)) x
  where r.tenant_id = x.t and r.customer_id = x.c;
  delete from customer_subscription_totals r
  using (select distinct t, c from unnest(tenant_ids, customer_ids) as x (t, c)) x
  where r.tenant_id = x.t and r.customer_id = x.c;
  with records as materialized (
    select s.tenant_id, s.customer_id, s.mrr, s.started_at, s.ended_at, z.time_zone
    from (select distinct t, c from unnest(tenant_ids, customer_ids) as x (t, c)) x
    join subscriptions s on s.tenant_id = x.t and s.customer_id = x.c
    join tenants z on z.id = s.tenant_id
    where s.mrr > 0
  ),
  changes as (
    -- A record adds its MRR from the instant it begins and takes it away from the instant it ends.
    select r.tenant_id, r.customer_id, e.at, date_trunc('month', e.at at time zone r.time_zone)::date as month, sum(e.change) as change
    from records r cross join lateral (values (r.started_at, r.mrr), (r.ended_at, -r.mrr)) as e (at, change)
    where e.at is not null
    group by 1, 2, 3, 4
  ),
  months as (
    select tenant_id, customer_id, month, sum(change) as change,
           array_agg(at order by at) as changed_at, array_agg(change order by at) as mrr_changes
    from changes
    group by 1, 2, 3
  ),
  levels as (
    insert into subscription_mrr_monthly (tenant_id, customer_id, month, mrr_at_start, mrr_at_end, changed_at, mrr_changes)
    select tenant_id, customer_id, month, mrr_at_end - change, mrr_at_end, changed_at, mrr_changes
    from (
      select tenant_id, customer_id, month, change, changed_at, mrr_changes,
             sum(change) over (partition by tenant_id, customer_id order by month) as mrr_at_end
      from months
    ) m
    order by 1, 2, 3
  )
  insert into customer_subscription_totals (tenant_id, customer_id, first_paid_at, first_paid_month)
  select tenant_id, customer_id, min(started_at), date_trunc('month', min(started_at) at time zone min(time_zone))::date
  from records
  group by 1, 2
  order by 1, 2;
end
$$;

-- Statement-level with transition tables: one pass per statement, however many records it wrote. Runs
-- with the writer's rights (not SECURITY DEFINER), so row-level security applies to it as to the writer.
-- Only records with MRR > 0, before or after, move anyone's MRR; an upsert fires the UPDATE trigger even
-- when it updated nothing, and then there is nothing to do.
create function subscription_rollup_apply() returns trigger
language plpgsql as $$
declare
  tenant_ids text[];
  customer_ids text[];
begin
  -- Transition tables are visible to this function's own statements only, hence the arrays.
  if tg_op = 'INSERT' then
    select array_agg(tenant_id), array_agg(customer_id) into tenant_ids, customer_ids
    from new_subscriptions where mrr > 0;
  elsif tg_op = 'DELETE' then
    select array_agg(tenant_id), array_agg(customer_id) into tenant_ids, customer_ids
    from old_subscriptions where mrr > 0;
  else
    select array_agg(tenant_id), array_agg(customer_id) into tenant_ids, customer_ids
    from (select tenant_id, customer_id from new_subscriptions where mrr > 0
          union all
          select tenant_id, customer_id from old_subscriptions where mrr > 0) changed;
  end if;
  if tenant_ids is not null then
    perform subscription_rollup_recompute(tenant_ids, customer_ids);
  end if;
  return null;
end
$$;

-- Transition tables allow one event per trigger, hence three.
create trigger subscriptions_rollup_insert after insert on subscriptions
  referencing new table as new_subscriptions for each statement execute function subscription_rollup_apply();
create trigger subscriptions_rollup_update after update on subscriptions
  referencing old table as old_subscriptions new table as new_subscriptions for each statement execute function subscription_rollup_apply();
create trigger subscriptions_rollup_delete after delete on subscriptions
  referencing old table as old_subscriptions for each statement execute function subscription_rollup_apply();

-- TRUNCATE empties subscriptions of every tenant at once.
create function subscription_rollup_truncate() returns trigger
language plpgsql as $$
begin
  truncate subscription_mrr_monthly, customer_subscription_totals;
  return null;
end
$$;
create trigger subscriptions_rollup_truncate after truncate on subscriptions
  for each statement execute function subscription_rollup_truncate();

-- Builds a tenant's rows from its records: the backfill below, and a change of the tenant's time zone,
-- which moves records that begin or end near a month's edge into the neighbouring month.
create function subscription_rollup_rebuild(p_tenant_id text) returns void
language plpgsql as $$
declare
  tenant_ids text[];
  customer_ids text[];
begin
  -- Customers with records, and those with rows left from records that are gone.
  select array_agg(tenant_id), array_agg(customer_id) into tenant_ids, customer_ids
  from (select tenant_id, customer_id from subscriptions where tenant_id = p_tenant_id and mrr > 0
        union
        select tenant_id, customer_id from subscription_mrr_monthly where tenant_id = p_tenant_id
        union
        select tenant_id, customer_id from customer_subscription_totals where tenant_id = p_tenant_id) x;
  if tenant_ids is not null then
    perform subscription_rollup_recompute(tenant_ids, customer_ids);
  end if;
end
$$;

create function tenant_time_zone_subscription_rebuild() returns trigger
language plpgsql as $$
begin
  perform subscription_rollup_rebuild(new.id);
  return null;
end
$$;
create trigger tenants_time_zone_subscription_rollup after update of time_zone on tenants
  for each row when (old.time_zone is distinct from new.time_zone) execute function tenant_time_zone_subscription_rebuild();

-- Row-level security as every tenant table has it (migration 0011).
do $$
declare
  target text;
begin
  foreach target in array array['subscription_mrr_monthly', 'customer_subscription_totals'] loop
    execute format('alter table %I enable row level security', target);
    execute format('alter table %I force row level security', target);
    execute format(
      'create policy tenant_isolation on %I using (tenant_id = current_setting(''openbook.tenant_id'', true))'
      ' with check (tenant_id = current_setting(''openbook.tenant_id'', true))', target);
    execute format('grant select, insert, update, delete on %I to openbook_app', target);
  end loop;
end
$$;

-- The backfill: as each tenant in turn, since the policies above hold the migrating role to them too
-- (a superuser skips them). The setting is put back as it was.
do $$
declare
  previous text := current_setting('openbook.tenant_id', true);
  tenant record;
begin
  for tenant in select id from tenants loop
    perform set_config('openbook.tenant_id', tenant.id, true);
    perform subscription_rollup_rebuild(tenant.id);
  end loop;
  perform set_config('openbook.tenant_id', coalesce(previous, ''), true);
end
$$;
