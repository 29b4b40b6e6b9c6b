import { StoreError } from "../../core/errors/index.js";
import { type RunOutcome, type RunStatus, runStatuses } from "../../core/run-status.js";
import type { RunRecord, RunRecordUpdate } from "../store.js";
import { isoTimeFromColumn, numberFromColumn } from "./column-values.js";

/** A row of `runs` as the drivers return it. */
export interface RunRow {
  id: string;
  goal: string;
  workspace: string;
  status: string;
  outcome: string | null;
  termination_reason: string | null;
  parent_run_id: string | null;
  tenant: string;
  /** Null: not a managed run of a server (migration 008). */
  priority: number | null;
  cost_nano_usd: unknown;
  created_at: unknown;
  updated_at: unknown;
}

export const runColumns =
  "id, goal, workspace, status, outcome, termination_reason, parent_run_id, cost_nano_usd, created_at, updated_at, tenant, priority";

export function runRecordFromRow(row: RunRow): RunRecord {
  return {
    id: row.id,
    goal: row.goal,
    workspace: row.workspace,
    status: statusFromColumn(row.status),
    outcome: outcomeFromColumn(row.outcome),
    terminationReason: row.termination_reason,
    parentRunId: row.parent_run_id,
    tenant: row.tenant,
    ...(row.priority === null ? {} : { priority: numberFromColumn(row.priority, "runs.priority") }),
    costNanoUsd: numberFromColumn(row.cost_nano_usd, "runs.cost_nano_usd"),
    createdAt: isoTimeFromColumn(row.created_at, "runs.created_at"),
    updatedAt: isoTimeFromColumn(row.updated_at, "runs.updated_at"),
  };
}

export function runRowValues(run: RunRecord): unknown[] {
  return [
    run.id,
    run.goal,
    run.workspace,
    run.status,
    run.outcome,
    run.terminationReason,
    run.parentRunId,
    run.costNanoUsd,
    run.createdAt,
    run.updatedAt,
    run.tenant ?? "default",
    run.priority ?? null,
  ];
}

/** The run row's columns a {@link RunRecordUpdate} may set, with their SQL types. */
export const runUpdateColumns = [
  { field: "status", column: "status", type: "text" },
  { field: "outcome", column: "outcome", type: "text" },
  { field: "terminationReason", column: "termination_reason", type: "text" },
  { field: "costNanoUsd", column: "cost_nano_usd", type: "bigint" },
] as const satisfies readonly { field: keyof RunRecordUpdate; column: string; type: string }[];

/**
 * The `set` clause of a run row update, as `column = $n` assignments numbered from `firstParameter`, and
 * their values. Fields left undefined are not touched; `null` clears a column.
 */
export function runUpdateAssignments(
  update: RunRecordUpdate,
  firstParameter: number,
): { assignments: string[]; values: unknown[] } {
  const assignments: string[] = [];
  const values: unknown[] = [];
  for (const { field, column } of runUpdateColumns) {
    const value = update[field];
    if (value === undefined) continue;
    values.push(value);
    assignments.push(`${column} = $${firstParameter + values.length - 1}`);
  }
  return { assignments, values };
}

function statusFromColumn(value: string): RunStatus {
  const status = runStatuses.find((candidate) => candidate === value);
  if (status === undefined) throw new StoreError(`column runs.status holds an unknown status '${value}'`);
  return status;
}

function outcomeFromColumn(value: string | null): RunOutcome | null {
  if (value === null || value === "complete" || value === "partial") return value;
  throw new StoreError(`column runs.outcome holds an unknown outcome '${value}'`);
}
