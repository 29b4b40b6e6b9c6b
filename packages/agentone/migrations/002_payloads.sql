-- Content-addressed payloads: every conversation message of a model-call-start event, and any string
-- field longer than 1024 characters, is stored here once and referenced from the event as
-- {"$payload": "<sha256>"}. Without this each model call would store the whole conversation again, and a
-- run's log would grow with the square of its length.

create table payloads (
  -- SHA-256 of content, so a payload's key proves its content.
  sha256 text primary key check (sha256 ~ '^[0-9a-f]{64}$'),
  -- Canonical JSON text of the value (a JSON string for a long field, an object for a message). Text,
  -- not jsonb, so the bytes that were hashed are the bytes kept.
  content text not null,
  size_bytes integer not null,
  created_at timestamptz not null default now()
);

-- Events written from now on say they may hold references: 1 means {"$payload": …} objects are
-- references and a one-key object whose key is "$payload" preceded by more dollar signs is a literal
-- object escaped with one more "$". Rows written before (0) are the plain event, read as they are.
alter table events add column payload_format smallint not null default 0;

-- Events refer to payloads by hash, and events never change, so neither may the payloads.
create trigger payloads_append_only
  before update or delete on payloads
  for each row execute function reject_append_only_change();
