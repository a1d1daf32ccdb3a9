-- Loyalty at scale (issue 4). Every evaluation in bulk (a scoring run, a program change, new orders)
-- stores each customer's standing in the narrow columns below and clears `state`; the full payload and
-- the points ledger are materialized for one customer when read, and kept until the next day, program
-- version or bulk evaluation. A refit of 100,000 customers then writes narrow rows, not ~8 KB of JSON
-- and ~20 ledger rows per customer.
alter table customer_loyalty
  alter column state drop not null,
  alter column ledger_digest drop not null,
  add column tier_since date,
  add column next_tier_id text,
  add column amount_to_next_tier double precision,
  add column tier_kept_through date;
