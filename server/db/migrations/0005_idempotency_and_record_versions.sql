-- Issue 7: retries never double count.
-- Idempotency keys: the first answer to a (tenant, key) is kept and replayed to every retry with the same
-- body; a pending row is the lock that makes concurrent retries execute once.
create table idempotency_keys (
  tenant_id text not null references tenants (id),
  key text not null,
  request_hash bytea not null,
  route text not null,
  status_code integer,
  response text,
  created_at timestamptz not null default now(),
  completed_at timestamptz,
  primary key (tenant_id, key)
);

-- The vendor's own last-modified time of a record: an older version never overwrites a newer one.
alter table customers add column source_updated_at timestamptz;
alter table orders add column source_updated_at timestamptz;
