-- The loyalty program (issue 4): the tenant's program versions, what the vendor tells us per customer
-- (tier overrides, point redemptions, custom milestones), and what we compute per customer (the stored
-- loyalty state and the points ledger). As everywhere, tenant_id leads every key.

-- Every saved program is a new version; the latest is in force. A tenant without a row has the default
-- program (version 0) of shared/loyalty/defaults.ts.
create table loyalty_programs (
  tenant_id text not null references tenants (id),
  version integer not null check (version > 0),
  program jsonb not null,
  created_at timestamptz not null default now(),
  primary key (tenant_id, version)
);

-- A tier set by hand: in force through ends_on (a date in the tenant time zone), then the customer's own
-- data decides again. One per customer; setting another replaces it.
create table tier_overrides (
  tenant_id text not null,
  customer_id text not null,
  tier_id text not null,
  ends_on date not null,
  reason text,
  set_at timestamptz not null default now(),
  primary key (tenant_id, customer_id),
  foreign key (tenant_id, customer_id) references customers (tenant_id, external_id)
);

-- Points a customer spent, as the vendor reports them; upserted by the vendor's externalId.
create table points_redemptions (
  tenant_id text not null,
  external_id text not null,
  customer_id text not null,
  points bigint not null check (points > 0),
  occurred_at timestamptz not null,
  note text,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (tenant_id, external_id),
  foreign key (tenant_id, customer_id) references customers (tenant_id, external_id)
);

create index points_redemptions_by_customer on points_redemptions (tenant_id, customer_id, occurred_at);

-- Milestones of kind "custom", as the vendor reports them: one row per customer and milestone, replaced
-- when re-sent. Reached when reached_at is set; progress only moves the bar.
create table custom_milestones (
  tenant_id text not null,
  customer_id text not null,
  milestone_id text not null,
  progress double precision check (progress >= 0),
  reached_at timestamptz,
  updated_at timestamptz not null default now(),
  primary key (tenant_id, customer_id, milestone_id),
  foreign key (tenant_id, customer_id) references customers (tenant_id, external_id)
);

-- The computed standing of each customer under a program version, as of a day in the tenant time zone.
-- `state` is the whole payload (shared/schemas/loyalty.ts, vendor view); the columns beside it are for
-- queries across customers (how many in each tier or stage).
create table customer_loyalty (
  tenant_id text not null,
  customer_id text not null,
  program_version integer not null,
  computed_at timestamptz not null,
  as_of_date date not null,
  tier_id text not null,
  tier_source text not null check (tier_source in ('qualified', 'override')),
  qualifying_value double precision not null,
  stage text not null,
  points_balance bigint not null,
  -- A digest of the ledger, so a refresh rewrites a customer's ledger only when it changed.
  ledger_digest text not null,
  state jsonb not null,
  primary key (tenant_id, customer_id),
  foreign key (tenant_id, customer_id) references customers (tenant_id, external_id)
);

create index customer_loyalty_by_tier on customer_loyalty (tenant_id, tier_id);

-- The points ledger, replayed from orders, milestones, redemptions and expiry (shared/loyalty/points.ts).
create table points_ledger (
  tenant_id text not null,
  customer_id text not null,
  entry_id text not null,
  entry_date date not null,
  kind text not null check (kind in ('earned', 'redeemed', 'expired')),
  points bigint not null,
  balance bigint not null,
  reason jsonb not null,
  primary key (tenant_id, customer_id, entry_id),
  foreign key (tenant_id, customer_id) references customers (tenant_id, external_id)
);
