-- Issue 3: the shifted-beta-geometric model of subscription retention, fitted per tenant that has
-- subscriptions, and each subscriber's renewal probability and expected value.
alter table model_runs add column subscription_model jsonb;

create table subscription_scores (
  tenant_id text not null,
  customer_id text not null,
  run_id bigint not null,
  computed_at timestamptz not null,
  active boolean not null,
  months_renewed integer not null,
  mrr bigint not null,
  renewal_probability double precision,
  expected_value bigint not null,
  residual_value bigint not null,
  primary key (tenant_id, customer_id),
  foreign key (tenant_id, customer_id) references customers (tenant_id, external_id),
  foreign key (tenant_id, run_id) references model_runs (tenant_id, id)
);
