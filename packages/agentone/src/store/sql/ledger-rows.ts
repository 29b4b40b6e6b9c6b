import type { RunEvent } from "../../core/events/run-event.js";
import type { LedgerEntry } from "../store.js";
import { isoTimeFromColumn, numberFromColumn } from "./column-values.js";

/** A row of `budget_ledger` as the drivers return it. */
export interface LedgerRow {
  run_id: string;
  seq: number;
  reservation_id: string;
  kind: "reserve" | "settle";
  step: number;
  nano_usd: unknown;
  input_tokens: unknown;
  output_tokens: unknown;
  tool_calls: unknown;
  model_calls: unknown;
  at: unknown;
}

export const ledgerColumns =
  "run_id, seq, reservation_id, kind, step, nano_usd, input_tokens, output_tokens, tool_calls, model_calls, at";

/** Column types in the order of {@link ledgerColumns}. */
export const ledgerColumnTypes = [
  "text",
  "integer",
  "text",
  "text",
  "integer",
  "bigint",
  "bigint",
  "bigint",
  "integer",
  "integer",
  "timestamptz",
] as const;

/**
 * The ledger entry an event implies: a reservation records the amount held, a settlement the amount
 * actually spent. Other events leave the ledger alone. Dimensions an amount omits count as zero.
 */
export function ledgerEntryFor(event: RunEvent): LedgerEntry | undefined {
  if (event.type !== "budget-reserve" && event.type !== "budget-settle") return undefined;
  const amount = event.type === "budget-reserve" ? event.amount : event.actual;
  return {
    runId: event.runId,
    seq: event.seq,
    reservationId: event.reservationId,
    kind: event.type === "budget-reserve" ? "reserve" : "settle",
    step: event.step,
    nanoUsd: amount.nanoUsd ?? 0,
    inputTokens: amount.inputTokens ?? 0,
    outputTokens: amount.outputTokens ?? 0,
    toolCalls: amount.toolCalls ?? 0,
    modelCalls: amount.modelCalls ?? 0,
    at: event.at,
  };
}

/** Values in the order of {@link ledgerColumns}. */
export function ledgerRowValues(entry: LedgerEntry): unknown[] {
  return [
    entry.runId,
    entry.seq,
    entry.reservationId,
    entry.kind,
    entry.step,
    entry.nanoUsd,
    entry.inputTokens,
    entry.outputTokens,
    entry.toolCalls,
    entry.modelCalls,
    entry.at,
  ];
}

export function ledgerEntryFromRow(row: LedgerRow): LedgerEntry {
  return {
    runId: row.run_id,
    seq: numberFromColumn(row.seq, "budget_ledger.seq"),
    reservationId: row.reservation_id,
    kind: row.kind,
    step: numberFromColumn(row.step, "budget_ledger.step"),
    nanoUsd: numberFromColumn(row.nano_usd, "budget_ledger.nano_usd"),
    inputTokens: numberFromColumn(row.input_tokens, "budget_ledger.input_tokens"),
    outputTokens: numberFromColumn(row.output_tokens, "budget_ledger.output_tokens"),
    toolCalls: numberFromColumn(row.tool_calls, "budget_ledger.tool_calls"),
    modelCalls: numberFromColumn(row.model_calls, "budget_ledger.model_calls"),
    at: isoTimeFromColumn(row.at, "budget_ledger.at"),
  };
}
