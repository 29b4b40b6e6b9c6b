import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { GradeResult, PreparedTask } from "../bench-task.js";
import { ordersFor } from "./orders.js";
import { fetchAllOrders, postRefund, solveApiWorkflow } from "./reference-solution.js";
import { apiWorkflowTask } from "./task.js";

let base: string;
let prepared: PreparedTask;
let baseUrl: string;
const seed = 11;
const { targetId } = ordersFor(seed);

beforeEach(async () => {
  base = await mkdtemp(path.join(tmpdir(), "agentone-bench-api-"));
  prepared = await apiWorkflowTask.prepare({ directory: path.join(base, "workspace"), seed });
  baseUrl = prepared.services?.baseUrl ?? "";
});

afterEach(async () => {
  await prepared.services?.close();
  await rm(base, { recursive: true, force: true });
});

const failed = (result: GradeResult) =>
  result.checks.filter((check) => !check.passed).map((check) => check.name);
const gradeAnswer = (answer: string | null) => prepared.grade({ answer, workspace: prepared.workspace });

describe("api-workflow", () => {
  it("writes the README with the live base URL", async () => {
    expect(baseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const readme = await readFile(path.join(prepared.workspace, "README.md"), "utf8");
    expect(readme).toContain(`Base URL: ${baseUrl}`);
    expect(prepared.goal).toContain(baseUrl);
  });

  it("accepts the reference solution (which retries with the same key) with full quality", async () => {
    const { answer } = await solveApiWorkflow(baseUrl);
    const result = await gradeAnswer(answer);
    expect(result.success).toBe(true);
    expect(result.quality).toBe(1);
  });

  it("fails a duplicate refund under two keys", async () => {
    await postRefund({ baseUrl, orderId: targetId, idempotencyKey: "first" });
    await postRefund({ baseUrl, orderId: targetId, idempotencyKey: "second" });
    const result = await gradeAnswer(`Refunded ${targetId}.`);
    expect(result.success).toBe(false);
    expect(failed(result)).toEqual(["exactly-one-refund"]);
  });

  it("fails when nothing was refunded, whatever the answer claims", async () => {
    const result = await gradeAnswer(`Refunded ${targetId}.`);
    expect(result.success).toBe(false);
    expect(failed(result)).toEqual(["exactly-one-refund", "right-order"]);
  });

  it("fails a refund of the look-alike customer's duplicate charge", async () => {
    const orders = await fetchAllOrders(baseUrl);
    const lookAlike = orders.find((order) => order.customer === "Northwind Trading");
    await postRefund({ baseUrl, orderId: lookAlike?.id ?? "", idempotencyKey: "k" });
    const result = await gradeAnswer(`Refunded ${lookAlike?.id}.`);
    expect(failed(result)).toEqual(["right-order", "answer-names-order"]);
  });

  it("closing the services stops the API", async () => {
    await prepared.services?.close();
    await expect(fetch(new URL("/orders", baseUrl))).rejects.toThrow();
  });
});
