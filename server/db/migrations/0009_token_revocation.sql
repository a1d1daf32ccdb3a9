-- Issue 7: revoking a customer's embed tokens. A token whose `iat` is before its customer's
-- tokens_valid_after is refused; the auth check reads this column in the same query that fetches the
-- embed key (a left join on the customers primary key, tenant_id first), so it costs no extra round trip.
-- Embed key rotation needs no new column: embed_keys already has created_at and retired_at.
alter table customers add column tokens_valid_after timestamptz;
