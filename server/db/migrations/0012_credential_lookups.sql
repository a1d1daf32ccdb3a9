-- Issue 8: every authenticated request first looks up its credential, under row-level security, in the
-- claimed tenant. A transaction of its own for that (begin, set the tenant, select, commit) costs four
-- round trips; these functions name the tenant and read in one statement, whose implicit transaction ends
-- the setting with it. They run as the caller (not SECURITY DEFINER): the policies apply as to any query.
-- Called inside an explicit transaction, the tenant stays named until that transaction ends.

create function openbook_embed_key_for_token(tenant text, key_id text, customer_id text)
  returns table (secret text, tokens_valid_after timestamptz)
  language plpgsql
  set search_path from current
as $$
begin
  perform set_config('openbook.tenant_id', tenant, true);
  return query
    select k.secret, c.tokens_valid_after
    from embed_keys k
    left join customers c on c.tenant_id = k.tenant_id and c.external_id = customer_id
    where k.tenant_id = tenant and k.id = key_id and k.retired_at is null;
end
$$;

create function openbook_api_key_hash(tenant text, key_id text)
  returns bytea
  language plpgsql
  set search_path from current
as $$
declare
  found bytea;
begin
  perform set_config('openbook.tenant_id', tenant, true);
  select secret_hash into found from api_keys where tenant_id = tenant and id = key_id and revoked_at is null;
  return found;
end
$$;

grant execute on function openbook_embed_key_for_token(text, text, text) to openbook_app;
grant execute on function openbook_api_key_hash(text, text) to openbook_app;
