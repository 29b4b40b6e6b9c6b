-- A damaged payload (content that no longer hashes to its key) made every run sharing it unreadable, and
-- a new run sending the same content referred to the damaged row instead of storing its own. A payload's
-- key says what its content must be, so a writer holding that content may put it back: an update is
-- allowed only to replace damaged content with content that hashes to the key. Anything else is still
-- refused, as is every delete.

create function payload_content_hash(content text) returns text
language sql immutable
as $$ select encode(sha256(convert_to(content, 'UTF8')), 'hex') $$;

create function reject_payload_change() returns trigger
language plpgsql
as $$
begin
  if tg_op = 'UPDATE'
     and new.sha256 = old.sha256
     and payload_content_hash(old.content) <> old.sha256
     and payload_content_hash(new.content) = new.sha256 then
    return new;
  end if;
  raise exception 'table % is append-only: % is not allowed', tg_table_name, tg_op;
end;
$$;

drop trigger payloads_append_only on payloads;

create trigger payloads_append_only
  before update or delete on payloads
  for each row execute function reject_payload_change();
