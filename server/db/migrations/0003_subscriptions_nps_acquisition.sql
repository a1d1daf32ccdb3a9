-- The data of the vendor's retention and value metrics (issue 6): subscription periods with their MRR,
-- NPS answers, and acquisition spend. Like 0001, tenant_id leads every key.

-- One row per period with a constant MRR: a plan change ends one row and starts another, so the MRR
-- history stays; a running period has ended_at null.
create table subscriptions (
  tenant_id text not null,
  external_id text not null,
  customer_id text not null,
  plan text not null,
  mrr bigint not null check (mrr >= 0),
  started_at timestamptz not null,
  ended_at timestamptz check (ended_at > started_at),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (tenant_id, external_id),
  foreign key (tenant_id, customer_id) references customers (tenant_id, external_id)
);

create index subscriptions_by_customer on subscriptions (tenant_id, customer_id, started_at);

create table nps_responses (
  tenant_id text not null,
  external_id text not null,
  customer_id text not null,
  score smallint not null check (score between 0 and 10),
  answered_at timestamptz not null,
  comment text,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (tenant_id, external_id),
  foreign key (tenant_id, customer_id) references customers (tenant_id, external_id)
);

create index nps_responses_by_time on nps_responses (tenant_id, answered_at);

-- Tenant-level: money spent on a channel over a range of days (dates in the tenant time zone, inclusive).
create table acquisition_spend (
  tenant_id text not null references tenants (id),
  external_id text not null,
  channel text not null,
  period_start date not null,
  period_end date not null,
  amount bigint not null check (amount >= 0),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (tenant_id, external_id),
  check (period_end >= period_start)
);
