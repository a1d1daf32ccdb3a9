-- Issue 5: the vendor's catalogue, the co-adoption model that suggestions are ranked with, and goals
-- co-set by a customer and the vendor's reps. As everywhere, tenant_id leads every key.

-- The catalogue (POST /v1/products), upserted by the vendor's sku: the only source of the names and
-- links shown with suggestions. `upgrade_to` names the larger volume or higher plan of a product.
create table products (
  tenant_id text not null references tenants (id),
  external_id text not null,
  name text not null,
  category text,
  price bigint not null check (price >= 0),
  margin double precision check (margin >= 0 and margin <= 1),
  url text,
  suggest boolean not null default true,
  upgrade_to text,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (tenant_id, external_id)
);

-- The co-adoption model, learned by each scoring run from the products customers own (bought in a kept
-- order, or an active subscription's plan): for every segment (dimension 'all' with segment '', or a
-- customer's industry, size or plan), how many customers own a pair of products (antecedent, consequent),
-- one product (consequent ''), or any product (both ''). Replaced whole by each run.
create table product_adoption (
  tenant_id text not null references tenants (id),
  dimension text not null check (dimension in ('all', 'industry', 'size', 'plan')),
  segment text not null,
  antecedent text not null,
  consequent text not null,
  customers integer not null check (customers > 0),
  primary key (tenant_id, dimension, segment, antecedent, consequent)
);

-- Per product, over its owners from the day each first bought it: their purchase days and those that
-- include the product (the share of purchases a newly adopted product is expected to join).
create table product_usage (
  tenant_id text not null references tenants (id),
  sku text not null,
  owners integer not null,
  owner_purchase_days integer not null,
  purchase_days integer not null,
  primary key (tenant_id, sku)
);

create table suggestion_models (
  tenant_id text not null references tenants (id),
  learned_at timestamptz not null,
  customers integer not null,
  products integer not null,
  primary key (tenant_id)
);

-- Goals co-set by the customer and the vendor's reps. The terms (target, due date, note) are those of the
-- latest proposal or counter-proposal; `proposed_by` is the party that made it, the other one acts.
create table goals (
  tenant_id text not null,
  id text not null,
  customer_id text not null,
  metric text not null check (metric in ('spend12m', 'orders', 'productsAdopted', 'tierByDate', 'predictedValue')),
  target_value double precision,
  target_tier text,
  due_date date not null,
  note text,
  status text not null check (status in ('proposed', 'accepted', 'declined', 'expired', 'achieved', 'missed')),
  proposed_by text not null check (proposed_by in ('customer', 'rep')),
  proposed_by_rep text,
  accepted_at timestamptz,
  -- The first day counted by goals that count from their start (orders): the day of acceptance.
  start_date date,
  ended_at timestamptz,
  final_value double precision,
  revision integer not null default 1,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (tenant_id, id),
  foreign key (tenant_id, customer_id) references customers (tenant_id, external_id),
  check ((metric = 'tierByDate') = (target_tier is not null)),
  check ((metric = 'tierByDate') = (target_value is null))
);

create index goals_by_customer on goals (tenant_id, customer_id, created_at);
create index goals_open_by_due_date on goals (tenant_id, due_date) where status in ('proposed', 'accepted');

-- Every change of a goal: who (the customer, a rep, or the system when a goal ends), when, and what.
create table goal_events (
  tenant_id text not null,
  goal_id text not null,
  seq integer not null,
  at timestamptz not null,
  actor_role text not null check (actor_role in ('customer', 'rep', 'system')),
  actor_rep text,
  action text not null check (action in ('proposed', 'countered', 'accepted', 'declined', 'expired', 'achieved', 'missed')),
  terms jsonb,
  note text,
  value double precision,
  primary key (tenant_id, goal_id, seq),
  foreign key (tenant_id, goal_id) references goals (tenant_id, id)
);
