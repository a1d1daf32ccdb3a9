-- Issue 7: row-level security, so that a query that forgets its tenant filter finds nothing instead of
-- another tenant's rows. The server runs as `openbook_app`, a role that owns nothing (owners skip
-- policies unless forced) and is neither superuser nor BYPASSRLS. Each transaction names its tenant with
-- set_config('openbook.tenant_id', ..., true) (server/db/tenant-scope.ts); without it, every policy
-- compares with NULL and no row is visible or writable.
--
-- Roles belong to the whole cluster: several databases or schemas (the tests make one per file) share
-- this one, so it is created only when missing, and a concurrent creation is not an error.
do $$
begin
  if not exists (select 1 from pg_roles where rolname = 'openbook_app') then
    begin
      create role openbook_app nologin nosuperuser nobypassrls;
    exception when duplicate_object or unique_violation then
      null;
    end;
  end if;
end
$$;

-- The migrating role switches to the app role for the server's connections (`set role`), which a
-- non-superuser may only do as a member. A superuser needs no membership, and PostgreSQL 16 would refuse
-- to grant a role to its own creator twice, so the grant is made only when it is missing.
do $$
begin
  if not pg_has_role(current_user, 'openbook_app', 'member') then
    execute format('grant openbook_app to %I', current_user);
  end if;
end
$$;

-- Every table that holds a tenant's rows, found by its tenant_id column so that none is forgotten; a test
-- (server/db/row-level-security.test.ts) fails when a later table lacks the policy.
do $$
declare
  target record;
begin
  execute format('grant usage on schema %I to openbook_app', current_schema());
  for target in
    select c.relname as name
    from pg_class c
    join pg_attribute a on a.attrelid = c.oid and a.attname = 'tenant_id' and not a.attisdropped
    where c.relnamespace = current_schema()::regnamespace and c.relkind = 'r'
  loop
    execute format('alter table %I enable row level security', target.name);
    execute format('alter table %I force row level security', target.name);
    execute format(
      'create policy tenant_isolation on %I using (tenant_id = current_setting(''openbook.tenant_id'', true))'
      ' with check (tenant_id = current_setting(''openbook.tenant_id'', true))', target.name);
    execute format('grant select, insert, update, delete on %I to openbook_app', target.name);
  end loop;
  execute format('grant usage on all sequences in schema %I to openbook_app', current_schema());
end
$$;

alter table tenants enable row level security;
alter table tenants force row level security;
create policy tenant_isolation on tenants
  using (id = current_setting('openbook.tenant_id', true))
  with check (id = current_setting('openbook.tenant_id', true));
grant select, insert, update on tenants to openbook_app;
-- The migrating role reads the directory of tenants (the CLI lists them; the function below runs as it).
create policy tenant_directory on tenants for select to current_user using (true);

-- A CORS preflight carries no credential, so the origins of every tenant are needed before any tenant is
-- known. This function answers that one question and nothing else, as the migrating role.
create function openbook_allowed_origins() returns setof text
  language sql stable security definer
  set search_path from current
  as $$ select distinct unnest(allowed_origins) from tenants $$;
revoke all on function openbook_allowed_origins() from public;
grant execute on function openbook_allowed_origins() to openbook_app;
