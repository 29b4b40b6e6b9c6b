-- The first schema: runs, their append-only event log, and the budget ledger derived from it.
-- Portable PostgreSQL: the same file runs on PGlite and on PostgreSQL 15.

create table runs (
  id text primary key,
  goal text not null,
  workspace text not null,
  status text not null,
  outcome text,
  termination_reason text,
  parent_run_id text,
  cost_nano_usd bigint not null default 0,
  created_at timestamptz not null,
  updated_at timestamptz not null
);

-- Listing shows the newest runs first.
create index runs_created_at_index on runs (created_at desc);

-- The payload holds the whole event; the other columns are copies kept for ordering and filtering.
create table events (
  run_id text not null references runs (id),
  seq integer not null,
  type text not null,
  schema_version integer not null,
  at timestamptz not null,
  payload jsonb not null,
  primary key (run_id, seq)
);

create table budget_ledger (
  run_id text not null references runs (id),
  seq integer not null,
  reservation_id text not null,
  kind text not null check (kind in ('reserve', 'settle')),
  step integer not null,
  nano_usd bigint not null,
  input_tokens bigint not null,
  output_tokens bigint not null,
  tool_calls integer not null,
  model_calls integer not null,
  at timestamptz not null,
  primary key (run_id, seq)
);

-- Replay and audit rely on history never changing, so the database refuses edits even from raw SQL.
create function reject_append_only_change() returns trigger
language plpgsql
as $$
begin
  raise exception 'table % is append-only: % is not allowed', tg_table_name, tg_op;
end;
$$;

create trigger events_append_only
  before update or delete on events
  for each row execute function reject_append_only_change();

create trigger budget_ledger_append_only
  before update or delete on budget_ledger
  for each row execute function reject_append_only_change();
