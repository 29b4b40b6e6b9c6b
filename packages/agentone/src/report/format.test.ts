import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { RunEvent } from "../core/events/run-event.js";
import { buildReport } from "./build-report.js";
import { plural } from "./format.js";
import { renderReport } from "./render-report.js";

describe("plural", () => {
  it("is singular for exactly one, plural otherwise, with irregular forms", () => {
    expect(plural(1, "tool call")).toBe("1 tool call");
    expect(plural(0, "tool call")).toBe("0 tool calls");
    expect(plural(2, "step")).toBe("2 steps");
    expect(plural(1, "retry", "retries")).toBe("1 retry");
    expect(plural(3, "retry", "retries")).toBe("3 retries");
    expect(plural(12_000, "token")).toBe("12,000 tokens");
  });
});

describe("the rendered report", () => {
  it("counts one of anything in the singular", async () => {
    const path = join(import.meta.dirname, "../../test/fixtures/event-logs/v1/tool-budget-summarize.jsonl");
    const events = (await readFile(path, "utf8"))
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line) as RunEvent);
    const report = buildReport(events);
    const one = {
      ...report,
      usage: { ...report.usage, steps: 1, modelCalls: 1, toolCalls: 1, retries: 1 },
      toolCalls: { ...report.toolCalls, total: 1, errors: 1 },
    };
    const text = renderReport(one);
    expect(text).toContain("1 step · 1 model call · 1 tool call · 1 retry ·");
    expect(text).toContain("Tool calls: 1 (1 error)");
    expect(text).not.toMatch(/\b1 (steps|model calls|tool calls|retries|errors)\b/);
  });
});
