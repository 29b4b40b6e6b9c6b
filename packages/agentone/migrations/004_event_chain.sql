-- Tamper evidence: each event row records the hash of the one before it and its own hash, computed over
-- the canonical JSON of the stored document (see store/sql/event-chain.ts), and the run row records the
-- hash of its last event. Rewriting any event (even with triggers disabled) breaks the chain at that
-- event; rewriting the last one no longer matches the run's head. Rows written before this migration
-- have no hashes: such runs read as they are, and `agentone verify` calls them unchained.

alter table events add column prev_hash text check (prev_hash ~ '^[0-9a-f]{64}$');
alter table events add column hash text check (hash ~ '^[0-9a-f]{64}$');
alter table runs add column head_hash text check (head_hash ~ '^[0-9a-f]{64}$');
