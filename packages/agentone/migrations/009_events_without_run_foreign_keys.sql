-- Events and ledger rows are only ever written by a statement that has just locked their run's row (the
-- append locks it with `for update` and inserts nothing unless it holds it; a new run's row is inserted in
-- the same transaction as its first events), and runs are never deleted. The foreign keys repeated that
-- check once per inserted row, as a trigger, which cost the embedded store more than the rows themselves
-- (a step writes a dozen): they go. The append-only triggers stay.
alter table events drop constraint if exists events_run_id_fkey;
alter table budget_ledger drop constraint if exists budget_ledger_run_id_fkey;
