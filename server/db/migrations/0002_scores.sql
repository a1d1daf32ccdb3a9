-- Model runs and per-customer scores (issue 3). A run records the fitted parameters; each customer's
-- score row points at the run whose parameters produced it.

alter table tenants
  add column horizon_months integer not null default 12 check (horizon_months between 1 and 120),
  add column annual_discount_rate double precision not null default 0.10 check (annual_discount_rate > -1 and annual_discount_rate < 10);

create table model_runs (
  tenant_id text not null references tenants (id),
  id bigint generated always as identity,
  observation_end timestamptz not null,
  started_at timestamptz not null default now(),
  finished_at timestamptz,
  status text not null default 'running' check (status in ('running', 'succeeded', 'failed')),
  purchase_model jsonb,
  spend_model jsonb,
  customers integer not null default 0,
  fitted_on integer not null default 0,
  stage_ms jsonb not null default '{}',
  error text,
  primary key (tenant_id, id)
);

create table customer_scores (
  tenant_id text not null,
  customer_id text not null,
  run_id bigint not null,
  model text not null,
  computed_at timestamptz not null,
  frequency integer not null,
  recency_weeks double precision not null,
  age_weeks double precision not null,
  monetary_value double precision not null,
  p_alive double precision not null,
  expected_purchases double precision not null,
  expected_spend double precision not null,
  predicted_value bigint not null,
  primary key (tenant_id, customer_id),
  foreign key (tenant_id, customer_id) references customers (tenant_id, external_id),
  foreign key (tenant_id, run_id) references model_runs (tenant_id, id)
);
