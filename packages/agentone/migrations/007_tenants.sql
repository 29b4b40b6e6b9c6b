-- Tenants and their API keys for `agentone serve`, the tenant of every run, and the idempotency keys of
-- run creation. Keys are stored only as the sha256 of the secret; the id is what is shown and revoked.

create table tenants (
  name text primary key,
  created_at timestamptz not null
);

create table api_keys (
  id text primary key,
  tenant text not null references tenants (name),
  role text not null check (role in ('admin', 'member')),
  key_hash text not null unique,
  created_at timestamptz not null,
  revoked_at timestamptz
);

-- Runs made before tenants existed belong to the default tenant, as the CLI's runs still do.
alter table runs add column tenant text not null default 'default';

-- Listing a tenant's runs, newest first, by cursor.
create index runs_tenant_created_at_index on runs (tenant, created_at desc, id desc);

-- A retried create with the same key returns the run the first one made.
create table idempotency_keys (
  tenant text not null,
  key text not null,
  run_id text not null,
  request_hash text not null,
  created_at timestamptz not null,
  primary key (tenant, key)
);
