-- Issue 8: a server may keep GET /v1/me's stored answers, with the token's key and the customer's revocation
-- instant, in its memory (server/stored-view-cache.ts), so that a visit costs no statement at all. It must
-- then hear of every change that could make such a copy wrong. The triggers of migration 0013 that raise the
-- versions now also announce what they raised on the channel `openbook_view_changes`, and so do changes to
-- the embed keys. PostgreSQL delivers a notification once its transaction commits, in commit order, to every
-- session listening on the channel (server/db/view-change-listener.ts).
--
-- A payload is JSON: {"tenant": "...", "customers": ["...", ...]} for the customers whose version was raised,
-- or {"tenant": "..."} for the whole tenant (its version, its keys, or more customers than a payload holds).

create function notify_view_change(tenant text, customers text[]) returns void
language plpgsql as $$
declare
  payload text := case when customers is null then json_build_object('tenant', tenant)::text
                       else json_build_object('tenant', tenant, 'customers', customers)::text end;
begin
  -- A payload must stay under 8,000 bytes; the whole tenant is the safe answer past that.
  if octet_length(payload) > 7900 then payload := json_build_object('tenant', tenant)::text; end if;
  perform pg_notify('openbook_view_changes', payload);
end
$$;

grant execute on function notify_view_change(text, text[]) to openbook_app;

-- As in migration 0013, announcing the raised versions once per tenant and statement.
create or replace function raise_customer_view_versions() returns trigger
language plpgsql as $$
declare
  customer_column text := tg_argv[0];
  changed text;
  changed_rows bigint;
  raised record;
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
    for raised in execute format('select distinct tenant_id from (%s) c', changed) loop
      perform notify_view_change(raised.tenant_id, null);
    end loop;
  else
    execute format(
      'insert into customer_view_versions (tenant_id, customer_id, version)
       select distinct tenant_id, customer_id, 1 from (%s) c order by tenant_id, customer_id
       on conflict (tenant_id, customer_id) do update set version = customer_view_versions.version + 1', changed);
    -- A payload holds a few hundred customer ids at most: a statement of more rows (an ingestion batch) announces
    -- its tenants without gathering the ids first.
    for raised in execute format(
      'select tenant_id, case when $1 then array_agg(distinct customer_id) end as customers from (%s) c group by tenant_id',
      changed) using changed_rows <= 500 loop
      perform notify_view_change(raised.tenant_id, raised.customers);
    end loop;
  end if;
  return null;
end
$$;

-- As in migration 0013, announcing each changed tenant.
create or replace function raise_tenant_view_versions() returns trigger
language plpgsql as $$
declare
  tenant_column text := tg_argv[0];
  changed text;
  raised record;
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
  for raised in execute format('select distinct tenant_id from (%s) c', changed) loop
    perform notify_view_change(raised.tenant_id, null);
  end loop;
  return null;
end
$$;

-- As in migration 0013, announcing the tenant.
create or replace function openbook_raise_tenant_view_version(tenant text) returns void
  language plpgsql
  set search_path from current
as $$
begin
  insert into tenant_view_versions (tenant_id, version) values (tenant, 1)
  on conflict (tenant_id) do update set version = tenant_view_versions.version + 1;
  perform set_config('openbook.tenant_view_raised', 'on', true);
  perform notify_view_change(tenant, null);
end
$$;

-- The embed keys raise no version (GET /v1/me's answer does not depend on them), but a copy of a key in a
-- server's memory must go when the key is retired, deleted or replaced: the tenant is announced.
create function notify_embed_key_change() returns trigger
language plpgsql as $$
declare
  changed record;
begin
  for changed in execute case tg_op
    when 'INSERT' then 'select distinct tenant_id from new_rows'
    when 'DELETE' then 'select distinct tenant_id from old_rows'
    else 'select tenant_id from new_rows union select tenant_id from old_rows'
  end loop
    perform notify_view_change(changed.tenant_id, null);
  end loop;
  return null;
end
$$;

create trigger embed_keys_view_changes_insert after insert on embed_keys
  referencing new table as new_rows for each statement execute function notify_embed_key_change();
create trigger embed_keys_view_changes_update after update on embed_keys
  referencing old table as old_rows new table as new_rows for each statement execute function notify_embed_key_change();
create trigger embed_keys_view_changes_delete after delete on embed_keys
  referencing old table as old_rows for each statement execute function notify_embed_key_change();

-- As in migration 0016, also answering the stored answer's time window, so that a copy kept in memory is
-- served only within it, and the tenant's allowed origins, which a cross-origin visit is checked against
-- (server/plugins/cors.ts): with them here, a kept visit asks the database nothing for that either.
drop function openbook_embed_key_and_view(text, text, text, text, timestamptz);
create function openbook_embed_key_and_view(tenant text, key_id text, customer_id text, audience text, as_of timestamptz)
  returns table (secret text, tokens_valid_after timestamptz, stored_view_gzip bytea, view_computed_at timestamptz, view_valid_until timestamptz,
                 allowed_origins text[])
  language plpgsql
  set search_path from current
as $$
begin
  perform set_config('openbook.tenant_id', tenant, true);
  return query
    select k.secret, c.tokens_valid_after, v.body_gzip, v.computed_at, v.valid_until, t.allowed_origins
    from embed_keys k
    join tenants t on t.id = k.tenant_id
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
