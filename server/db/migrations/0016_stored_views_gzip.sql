-- GET /v1/me's stored answers are kept gzipped (about 2.8 KB instead of 9.8 KB of JSON) and sent as they are
-- to clients that accept gzip, as browsers do; the server inflates them for the others. The answers stored so
-- far are dropped: they are copies, computed again at each customer's next visit. TRUNCATE, as row-level
-- security (forced on this table) would hide every row from a DELETE that names no tenant.
truncate customer_views;

alter table customer_views drop column body;
alter table customer_views add column body_gzip bytea not null;
-- Kept in the row (no TOAST lookup per read): a compressed answer fits in a page many times over, and
-- compressing it again would gain nothing.
alter table customer_views alter column body_gzip set storage main;

-- As in migration 0013, returning the gzipped answer.
drop function openbook_embed_key_and_view(text, text, text, text, timestamptz);
create function openbook_embed_key_and_view(tenant text, key_id text, customer_id text, audience text, as_of timestamptz)
  returns table (secret text, tokens_valid_after timestamptz, stored_view_gzip bytea)
  language plpgsql
  set search_path from current
as $$
begin
  perform set_config('openbook.tenant_id', tenant, true);
  return query
    select k.secret, c.tokens_valid_after, v.body_gzip
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
