-- Cached model answers, tool results, plans and HTTP responses, scoped per tenant, with the run and step
-- that produced each for provenance. Unlike the event log, entries are replaced and deleted freely.

create table cache_entries (
  namespace text not null check (namespace in ('model', 'tool', 'plan', 'http')),
  tenant text not null,
  key text not null,
  value jsonb not null,
  -- Not a foreign key: an entry may outlive the run that produced it, or come from another store.
  source_run_id text,
  source_step integer,
  created_at timestamptz not null,
  expires_at timestamptz,
  hits bigint not null default 0,
  primary key (namespace, tenant, key)
);

-- Sweeping expired entries looks them up by expiry.
create index cache_entries_expires_at_index on cache_entries (expires_at) where expires_at is not null;
