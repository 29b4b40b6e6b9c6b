-- What `agentone serve` must still know after a restart: the queue priority each managed run was created
-- with, so that runs left waiting go back in the queue as they were; and the tenants' kill switches, so that
-- a restart neither forgets one that is on (and starts the tenant's runs again) nor revives one released.

-- Null: not a managed run of a server (CLI runs, external runs, and every run made before this migration).
alter table runs add column priority integer;

-- One row per tenant whose kill switch is on; releasing the switch deletes the row.
create table tenant_kill_switches (
  tenant text primary key references tenants (name),
  engaged_at timestamptz not null
);
