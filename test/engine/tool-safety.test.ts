import { mkdtemp, readdir, readFile, realpath, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { VirtualClock } from "../../src/core/clock/index.js";
import type { EventOf } from "../../src/core/events/run-event.js";
import { createApprovalPolicy } from "../../src/engine/approvals/approval-policy.js";
import { maxToolOutputCharacters } from "../../src/engine/execute-tools.js";
import type { Runtime } from "../../src/engine/runtime.js";
import { startRun } from "../../src/engine/start-run.js";
import { ScriptedBackend, type ScriptedReply } from "../../src/testing/scripted-backend.js";
import { createTestRuntime } from "../../src/testing/test-runtime.js";
import { createDefaultTools } from "../../src/tools/default-tools.js";
import type { AnyTool } from "../../src/tools/tool.js";
import { tempWorkspace } from "../support/temp-workspace.js";

// Loading the tokenizer and starting the first in-memory store are slow on a busy machine: done once, up front.
beforeAll(async () => {
  const warm = await createTestRuntime();
  await warm.store.close();
});

let cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups) await cleanup();
  cleanups = [];
});

const secret = "outside secret\n";

/** A model turn's calls, then an answer: each call must come back as an error observation. */
async function runHostile(calls: ScriptedReply["toolCalls"], extraTools: AnyTool[] = []) {
  const workspace = await tempWorkspace({ "notes.txt": "alpha\n", "big.txt": "x".repeat(200_000) });
  const outside = await realpath(await mkdtemp(join(tmpdir(), "agentone-outside-")));
  cleanups.push(workspace.cleanup, () => rm(outside, { recursive: true, force: true }));
  await writeFile(join(outside, "secret.txt"), secret);
  await symlink(join(outside, "secret.txt"), join(workspace.root, "link-out"));
  await symlink(outside, join(workspace.root, "dir-out"));
  const clock = new VirtualClock();
  const backend = new ScriptedBackend({
    clock,
    steps: [{ text: "plan" }, { toolCalls: calls ?? [] }, { text: "I could not do that." }],
  });
  const base = await createTestRuntime({ backend, clock });
  cleanups.push(() => base.store.close());
  const tools = createDefaultTools({
    tokenCounter: base.tokenCounter,
    http: {
      allowedHosts: ["169.254.169.254", "metadata.test"],
      lookup: async () => [{ address: "169.254.169.254", family: 4 }],
    },
    extra: extraTools,
  });
  // Every shell call is approved, so the shell's own refusals are what is tested.
  const approvals = createApprovalPolicy({ rules: [{ tool: "run_command", decision: "approve" }] });
  const runtime: Runtime = { ...base, tools, approvals };
  const result = await startRun(runtime, { goal: "misbehave", workspace: workspace.root });
  const events = await runtime.store.readEvents(result.runId);
  const results = events.filter((event): event is EventOf<"tool-result"> => event.type === "tool-result");
  return { result, results, backend, outside, workspace: workspace.root };
}

async function expectOutsideUntouched(outside: string) {
  expect((await readdir(outside)).sort()).toEqual(["secret.txt"]);
  expect(await readFile(join(outside, "secret.txt"), "utf8")).toBe(secret);
}

describe("bad input: every refusal is one clear observation, the run goes on, nothing outside is touched", () => {
  it("path traversal and symlinks out of the workspace, for reads and writes", async () => {
    const { result, results, backend, outside } = await runHostile([
      { name: "read_file", arguments: { path: "../../etc/passwd" } },
      { name: "read_file", arguments: { path: "link-out" } },
      { name: "read_file", arguments: { path: "dir-out/secret.txt" } },
      { name: "list_files", arguments: { path: "/etc" } },
      { name: "write_file", arguments: { path: "../escape.txt", content: "x" } },
      { name: "write_file", arguments: { path: "link-out", content: "overwritten" } },
      { name: "write_file", arguments: { path: "dir-out/new.txt", content: "x" } },
      {
        name: "apply_patch",
        arguments: { patch: "--- a/../escape.txt\n+++ b/../escape.txt\n@@ -0,0 +1 @@\n+x\n" },
      },
    ]);
    expect(result.status).toBe("completed");
    expect(results.map((event) => [event.isError, event.errorReason])).toEqual(
      Array.from({ length: 8 }, () => [true, "path_outside_workspace"]),
    );
    for (const event of results) expect(event.output).toMatch(/^Error: Refused path .*stay inside it\.$/s);
    // The model read every refusal before answering.
    const seen = (backend.lastCall?.messages ?? []).filter((message) => message.role === "tool");
    expect(seen).toHaveLength(8);
    await expectOutsideUntouched(outside);
  });

  it("shell metacharacters, programs off the allowlist and paths out of the workspace in commands", async () => {
    const { results, outside, workspace } = await runHostile([
      { name: "run_command", arguments: { command: ["ls", ";", "rm", "-rf", "."] } },
      { name: "run_command", arguments: { command: ["ls", "$(rm -rf ~)"] } },
      { name: "run_command", arguments: { command: ["sh", "-c", "echo pwned > ../pwned"] } },
      { name: "run_command", arguments: { command: ["cat", "../secret.txt"] } },
      { name: "run_command", arguments: { command: ["cat", "link-out"] } },
      { name: "run_command", arguments: { command: ["ls"], cwd: "../" } },
    ]);
    expect(results.map((event) => event.errorReason)).toEqual([
      "command_not_allowed",
      "command_not_allowed",
      "command_not_allowed",
      "path_outside_workspace",
      "path_outside_workspace",
      "path_outside_workspace",
    ]);
    expect(results[2]?.output).toMatch(/^Error: The command "sh -c echo pwned > \.\.\/pwned" is not allowed/);
    await expectOutsideUntouched(outside);
    expect((await readdir(workspace)).sort()).toEqual(["big.txt", "dir-out", "link-out", "notes.txt"]);
  });

  it("SSRF to the cloud metadata address, literal or through DNS, even when the host is allowlisted", async () => {
    const { results } = await runHostile([
      { name: "http_request", arguments: { method: "GET", url: "http://169.254.169.254/latest/meta-data/" } },
      { name: "http_request", arguments: { method: "GET", url: "http://metadata.test/latest/meta-data/" } },
      { name: "http_request", arguments: { method: "GET", url: "http://example.com/" } },
      { name: "http_request", arguments: { method: "GET", url: "file:///etc/passwd" } },
    ]);
    expect(results.map((event) => event.errorReason)).toEqual([
      "address_refused",
      "address_refused",
      "host_not_allowed",
      "invalid_arguments",
    ]);
    expect(results[1]?.output).toContain("metadata.test resolves to 169.254.169.254");
  });

  it("caps enormous outputs: the engine's cap for any tool, the shell's own for commands", async () => {
    const flood: AnyTool = {
      name: "flood",
      description: "returns a lot",
      inputSchema: z.object({}),
      idempotent: true,
      sideEffect: "none",
      requiresApproval: false,
      execute: async () => ({ content: "y".repeat(1_000_000) }),
    };
    const { results } = await runHostile(
      [
        { name: "flood", arguments: {} },
        { name: "run_command", arguments: { command: ["cat", "big.txt"] } },
      ],
      [flood],
    );
    const [flooded, catted] = results;
    expect(flooded?.isError).toBe(false);
    expect(flooded?.output.length).toBeLessThan(maxToolOutputCharacters + 100);
    expect(flooded?.output).toMatch(/\[\.\.\. output cut: 968000 more characters\]$/);
    expect(catted?.isError).toBe(false);
    expect(catted?.output.length).toBeLessThan(20_000);
    expect(catted?.metadata).toMatchObject({ exitCode: 0, truncated: true });
  });

  it("invalid JSON, schema violations and unknown tools", async () => {
    const { result, results } = await runHostile([
      { name: "read_file", arguments: '{"path": "notes.txt"' },
      { name: "run_command", arguments: { command: "rm -rf /" } },
      { name: "rm_rf", arguments: {} },
    ]);
    expect(result.status).toBe("completed");
    expect(results.map((event) => event.errorReason)).toEqual([
      "invalid_arguments",
      "invalid_arguments",
      "unknown_tool",
    ]);
    expect(results[0]?.output).toMatch(/not valid JSON/);
    expect(results[1]?.output).toMatch(/invalid arguments for run_command: command:/);
    expect(results[2]?.output).toMatch(/no tool named 'rm_rf'; available tools: list_files, read_file/);
  });
});

describe("several calls in one turn against the tool-call budget", () => {
  it("each call is counted; calls beyond the budget are answered, never executed, and the run stops", async () => {
    const workspace = await tempWorkspace();
    cleanups.push(workspace.cleanup);
    const executed: string[] = [];
    const counter: AnyTool = {
      name: "count",
      description: "counts",
      inputSchema: z.object({ n: z.number() }),
      idempotent: false,
      sideEffect: "workspace",
      requiresApproval: false,
      execute: async ({ n }: { n: number }) => {
        executed.push(String(n));
        return { content: `counted ${n}` };
      },
    };
    const clock = new VirtualClock();
    const backend = new ScriptedBackend({
      clock,
      steps: [
        { text: "plan" },
        { toolCalls: [1, 2, 3, 4].map((n) => ({ name: "count", arguments: { n } })) },
      ],
    });
    const runtime = await createTestRuntime({ backend, clock, tools: [counter] });
    cleanups.push(() => runtime.store.close());
    const result = await startRun(runtime, {
      goal: "count",
      workspace: workspace.root,
      limits: { toolCalls: 2 },
      onExhaust: ["best-effort"],
    });
    expect(result).toMatchObject({ status: "completed", terminationReason: "budget_exhausted:toolCalls" });
    expect(executed).toEqual(["1", "2"]);
    const events = await runtime.store.readEvents(result.runId);
    expect(
      events.flatMap((event) => (event.type === "tool-result" ? [event.errorReason ?? "ok"] : [])),
    ).toEqual(["ok", "ok", "budget_exhausted", "budget_exhausted"]);
    const toolReservations = events.filter(
      (event) => event.type === "budget-reserve" && event.purpose === "tool-call",
    );
    expect(toolReservations).toHaveLength(2);
  });
});
