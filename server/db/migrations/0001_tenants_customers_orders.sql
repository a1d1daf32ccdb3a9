-- Tenants, their credentials, and the vendor data of issue 2. Every table leads with tenant_id in its
-- primary key so that per-tenant queries touch one shard when the database moves to Citus.

create table tenants (
  id text primary key,
  name text not null,
  currency char(3) not null default 'USD',
  time_zone text not null default 'UTC',
  allowed_origins text[] not null default '{}',
  expected_lifespan_years double precision not null default 3 check (expected_lifespan_years > 0),
  created_at timestamptz not null default now()
);

-- API keys are stored only as SHA-256 hashes of their random secret part.
create table api_keys (
  tenant_id text not null references tenants (id),
  id text not null,
  secret_hash bytea not null,
  created_at timestamptz not null default now(),
  revoked_at timestamptz,
  primary key (tenant_id, id)
);

-- Embed keys sign the widget's JWTs (HS256), so the server must keep the secret itself.
create table embed_keys (
  tenant_id text not null references tenants (id),
  id text not null,
  secret text not null,
  created_at timestamptz not null default now(),
  retired_at timestamptz,
  primary key (tenant_id, id)
);

create table customers (
  tenant_id text not null references tenants (id),
  external_id text not null,
  name text,
  email text,
  industry text,
  size text,
  plan text,
  signed_up_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (tenant_id, external_id)
);

create table orders (
  tenant_id text not null,
  external_id text not null,
  customer_id text not null,
  occurred_at timestamptz not null,
  amount bigint not null check (amount >= 0),
  cost bigint check (cost >= 0),
  status text not null check (status in ('paid', 'refunded')),
  items jsonb not null default '[]',
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (tenant_id, external_id),
  foreign key (tenant_id, customer_id) references customers (tenant_id, external_id)
);

create index orders_by_customer on orders (tenant_id, customer_id, occurred_at);
