import { expect } from "vitest";
import type { RunReport } from "../../src/report/run-report.js";

const sum = <Row>(rows: readonly Row[], value: (row: Row) => number) =>
  rows.reduce((total, row) => total + value(row), 0);

/**
 * Checks that a report adds up: its totals of cost, tokens and calls equal the sums over the cost-by-model
 * rows and over the cost-by-step-kind rows (the nested `nested:<tool>` rows among them), and its steps the
 * step rows' steps. Dollars are compared to the nano-dollar; everything else exactly.
 */
export function expectReportReconciles(report: RunReport): void {
  const { usage, costByModel: models, costByStepKind: kinds } = report;
  const where = `report of ${report.runId}`;
  expect(
    sum(models, (row) => row.usd),
    `${where}: cost by model`,
  ).toBeCloseTo(usage.usd, 9);
  expect(
    sum(models, (row) => row.calls),
    `${where}: calls by model`,
  ).toBe(usage.modelCalls);
  expect(
    sum(models, (row) => row.inputTokens),
    `${where}: input tokens by model`,
  ).toBe(usage.inputTokens + usage.cacheWriteTokens);
  expect(
    sum(models, (row) => row.cachedInputTokens),
    `${where}: cached input by model`,
  ).toBe(usage.cachedInputTokens);
  expect(
    sum(models, (row) => row.outputTokens),
    `${where}: output tokens by model`,
  ).toBe(usage.outputTokens);
  expect(
    sum(models, (row) => row.inputTokens + row.cachedInputTokens + row.outputTokens),
    `${where}: tokens by model`,
  ).toBe(usage.totalTokens);
  expect(
    sum(kinds, (row) => row.usd),
    `${where}: cost by step kind`,
  ).toBeCloseTo(usage.usd, 9);
  expect(
    sum(kinds, (row) => row.modelCalls),
    `${where}: calls by step kind`,
  ).toBe(usage.modelCalls);
  expect(
    sum(kinds, (row) => row.totalTokens),
    `${where}: tokens by step kind`,
  ).toBe(usage.totalTokens);
  expect(
    sum(kinds, (row) => row.steps),
    `${where}: steps by step kind`,
  ).toBe(usage.steps);
  expect(
    usage.inputTokens + usage.cachedInputTokens + usage.cacheWriteTokens + usage.outputTokens,
    `${where}: token columns`,
  ).toBe(usage.totalTokens);
  expect(report.retries.total, `${where}: retries`).toBe(usage.retries);
  expect(
    sum(report.toolCalls.byTool, (row) => row.calls),
    `${where}: tool calls by tool`,
  ).toBe(report.toolCalls.total);
}
