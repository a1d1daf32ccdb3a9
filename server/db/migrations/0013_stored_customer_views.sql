-- Issue 8: GET /v1/me answers from a stored copy of its own answer while nothing it was computed from has
-- changed, in one statement, instead of reading orders, scores, loyalty and the catalogue and computing
-- the figures again on every visit.
--
-- Whether a stored answer is still current is told by versions: every change to a table the answer is
-- computed from raises a version, of the customer the changed row belongs to, or of the whole tenant for
-- tables of the tenant's settings (program, models, catalogue). Triggers raise them, so every writer (the
-- API, the CLI, the demo seed, a hand-run UPDATE) keeps the answers honest without knowing they exist.
-- An answer stores the versions it was computed at; it is current while both are unchanged and its time
-- window (valid_until: the tenant's next midnight, and any sooner instant at which a figure moves on its
-- own) has not passed.

-- A customer's version; no row means version 0.
create table customer_view_versions (
  tenant_id text not null,
  customer_id text not null,
  version bigint not null,
  primary key (tenant_id, customer_id)
);

-- A tenant's version; no row means version 0.
create table tenant_view_versions (
  tenant_id text not null primary key,
  version bigint not null
);

-- The stored answers: the exact JSON body of GET /v1/me, per customer and audience ('customer', or
-- 'vendor' for a rep), with the versions read before it was computed.
create table customer_views (
  tenant_id text not null,
  customer_id text not null,
  audience text not null check (audience in ('customer', 'vendor')),
  customer_version bigint not null,
  tenant_version bigint not null,
  computed_at timestamptz not null,
  valid_until timestamptz not null,
  body text not null,
  primary key (tenant_id, customer_id, audience)
);

do $$
declare
  name text;
begin
  foreach name in array array['customer_view_versions', 'tenant_view_versions', 'customer_views'] loop
    execute format('alter table %I enable row level security', name);
    execute format('alter table %I force row level security', name);
    execute format(
      'create policy tenant_isolation on %I using (tenant_id = current_setting(''openbook.tenant_id'', true))'
      ' with check (tenant_id = current_setting(''openbook.tenant_id'', true))', name);
    execute format('grant select, insert, update, delete on %I to openbook_app', name);
  end loop;
end
$$;

-- Raises the versions of the customers a statement changed. tg_argv[0] names the table's customer column.
-- A statement of more rows than an ingestion batch holds raises the tenant's version instead: one row
-- written instead of one per customer, and every answer was touched. Skipped while GET /v1/me computes and
-- stores an answer (openbook.storing_view): what it writes on the way (the loyalty standing of the day) is
-- derived from the inputs whose versions it has read already. Skipped too in a transaction that raised its
-- tenant's version already (openbook.tenant_view_raised, below): a scoring run writes every customer.
-- Runs with the writer's rights, so row-level security applies to it as to the writer. Versions are
-- raised in key order, so that two statements sharing customers lock them in the same order.
create function raise_customer_view_versions() returns trigger
language plpgsql as $$
declare
  customer_column text := tg_argv[0];
  changed text;
  changed_rows bigint;
begin
  if current_setting('openbook.storing_view', true) = 'on' or current_setting('openbook.tenant_view_raised', true) = 'on' then
    return null;
  end if;
  changed := case tg_op
    when 'INSERT' then format('select tenant_id, %I as customer_id from new_rows', customer_column)
    when 'DELETE' then format('select tenant_id, %I as customer_id from old_rows', customer_column)
    else format('select tenant_id, %1$I as customer_id from new_rows union all select tenant_id, %1$I from old_rows', customer_column)
  end;
  execute format('select count(*) from (%s) c', changed) into changed_rows;
  if changed_rows = 0 then return null; end if;
  if changed_rows > 5000 then
    execute format(
      'insert into tenant_view_versions (tenant_id, version)
       select distinct tenant_id, 1 from (%s) c order by tenant_id
       on conflict (tenant_id) do update set version = tenant_view_versions.version + 1', changed);
  else
    execute format(
      'insert into customer_view_versions (tenant_id, customer_id, version)
       select distinct tenant_id, customer_id, 1 from (%s) c order by tenant_id, customer_id
       on conflict (tenant_id, customer_id) do update set version = customer_view_versions.version + 1', changed);
  end if;
  return null;
end
$$;

-- Raises the versions of the tenants a statement changed. tg_argv[0] names the table's tenant column.
create function raise_tenant_view_versions() returns trigger
language plpgsql as $$
declare
  tenant_column text := tg_argv[0];
  changed text;
begin
  if current_setting('openbook.storing_view', true) = 'on' then return null; end if;
  changed := case tg_op
    when 'INSERT' then format('select %I as tenant_id from new_rows', tenant_column)
    when 'DELETE' then format('select %I as tenant_id from old_rows', tenant_column)
    else format('select %1$I as tenant_id from new_rows union all select %1$I from old_rows', tenant_column)
  end;
  execute format(
    'insert into tenant_view_versions (tenant_id, version)
     select distinct tenant_id, 1 from (%s) c order by tenant_id
     on conflict (tenant_id) do update set version = tenant_view_versions.version + 1', changed);
  return null;
end
$$;

-- Every table of tenant data is watched, found by its tenant_id column so that none is forgotten, except
-- the ones GET /v1/me does not read (credentials, idempotency records, acquisition spend, goals) and the
-- ones derived from a watched table by its own triggers (the order and subscription rollups). A test
-- (server/db/stored-customer-view.test.ts) fails when a later table is neither watched nor listed there.
-- A table with a customer column raises its customers' versions; any other, its tenant's. `customers`
-- names its customer external_id; `tenants` names its tenant id.
do $$
declare
  target record;
  raise text;
  argument text;
  operation text;
  transition text;
begin
  for target in
    select c.relname as name,
           exists (select from pg_attribute a where a.attrelid = c.oid and a.attname = 'customer_id' and not a.attisdropped) as has_customer
    from pg_class c
    join pg_attribute a on a.attrelid = c.oid and a.attname = 'tenant_id' and not a.attisdropped
    where c.relnamespace = current_schema()::regnamespace and c.relkind = 'r'
      and c.relname not in ('customer_view_versions', 'tenant_view_versions', 'customer_views', 'api_keys', 'embed_keys',
                            'idempotency_keys', 'acquisition_spend', 'goals', 'goal_events', 'order_monthly_rollup',
                            'customer_order_totals', 'subscription_mrr_monthly', 'customer_subscription_totals')
    union all
    select 'tenants', false
  loop
    if target.name = 'customers' then
      raise := 'raise_customer_view_versions'; argument := 'external_id';
    elsif target.has_customer then
      raise := 'raise_customer_view_versions'; argument := 'customer_id';
    else
      raise := 'raise_tenant_view_versions'; argument := case when target.name = 'tenants' then 'id' else 'tenant_id' end;
    end if;
    -- A trigger with transition tables serves one operation: three per table.
    foreach operation in array array['insert', 'update', 'delete'] loop
      transition := case operation
        when 'insert' then 'new table as new_rows'
        when 'delete' then 'old table as old_rows'
        else 'old table as old_rows new table as new_rows'
      end;
      execute format(
        'create trigger %I after %s on %I referencing %s for each statement execute function %I(%L)',
        target.name || '_view_versions_' || operation, operation, target.name, transition, raise, argument);
    end loop;
  end loop;
end
$$;

-- Raises the tenant's version once for the rest of the transaction, whose writes then raise no customer's:
-- for writers of every customer of a tenant (a scoring run, a re-evaluation of everyone's loyalty).
create function openbook_raise_tenant_view_version(tenant text) returns void
  language plpgsql
  set search_path from current
as $$
begin
  insert into tenant_view_versions (tenant_id, version) values (tenant, 1)
  on conflict (tenant_id) do update set version = tenant_view_versions.version + 1;
  perform set_config('openbook.tenant_view_raised', 'on', true);
end
$$;

grant execute on function openbook_raise_tenant_view_version(text) to openbook_app;

-- GET /v1/me's whole read in one statement, which names the tenant itself: the token's key and the customer's
-- revocation instant (as openbook_embed_key_for_token of migration 0012 answers them), and the stored answer
-- for the audience when it is current at `as_of`. The answer is read before the token's signature is
-- checked, and handed to the route only once it holds (server/plugins/auth.ts).
create function openbook_embed_key_and_view(tenant text, key_id text, customer_id text, audience text, as_of timestamptz)
  returns table (secret text, tokens_valid_after timestamptz, stored_view text)
  language plpgsql
  set search_path from current
as $$
begin
  perform set_config('openbook.tenant_id', tenant, true);
  return query
    select k.secret, c.tokens_valid_after, v.body
    from embed_keys k
    left join customers c on c.tenant_id = k.tenant_id and c.external_id = customer_id
    left join customer_views v
      on v.tenant_id = k.tenant_id and v.customer_id = openbook_embed_key_and_view.customer_id
     and v.audience = openbook_embed_key_and_view.audience
     and as_of >= v.computed_at and as_of < v.valid_until
     and v.customer_version = coalesce((select cv.version from customer_view_versions cv where cv.tenant_id = tenant and cv.customer_id = openbook_embed_key_and_view.customer_id), 0)
     and v.tenant_version = coalesce((select tv.version from tenant_view_versions tv where tv.tenant_id = tenant), 0)
    where k.tenant_id = tenant and k.id = key_id and k.retired_at is null;
end
$$;

grant execute on function openbook_embed_key_and_view(text, text, text, text, timestamptz) to openbook_app;
