-- A scoring run reads every customer's orders at its start and writes their scores and loyalty standing
-- at its end. A customer re-evaluated in between (new orders, a redemption, an override) had those fresher
-- figures overwritten by the run's older ones, until the next re-evaluation. Such customers are now noted
-- while a run of their tenant is unsettled, and the run evaluates them again once its own writes are done
-- (server/scoring/score-tenant.ts).

-- When the run's last write of customers' figures was done (its standings, or its failure); null while it
-- may still overwrite them. Runs made before this migration are settled: the default is evaluated once,
-- here, for the rows there are, and dropped for the rows to come. (An UPDATE would meet row-level
-- security, which holds the migrating role to one tenant at a time.)
alter table model_runs add column settled_at timestamptz default now();
alter table model_runs alter column settled_at drop default;
create index model_runs_unsettled on model_runs (tenant_id) where settled_at is null;

-- The customers re-evaluated while a run of their tenant was unsettled. No foreign key to customers:
-- customers are never deleted, and the note is written on the path that keeps standings fresh after
-- ingestion, where a lookup per customer would cost for nothing.
create table scoring_backlog (
  tenant_id text not null,
  customer_id text not null,
  primary key (tenant_id, customer_id)
);

-- Row-level security as every tenant table has it (migration 0011). No view-version triggers (migration
-- 0013): GET /v1/me does not read this table.
alter table scoring_backlog enable row level security;
alter table scoring_backlog force row level security;
create policy tenant_isolation on scoring_backlog
  using (tenant_id = current_setting('openbook.tenant_id', true))
  with check (tenant_id = current_setting('openbook.tenant_id', true));
grant select, insert, update, delete on scoring_backlog to openbook_app;
