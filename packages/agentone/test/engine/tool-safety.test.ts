import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { link, mkdtemp, readdir, readFile, realpath, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { VirtualClock } from "../../src/core/clock/index.js";
import type { EventOf } from "../../src/core/events/run-event.js";
import { startRun } from "../../src/engine/lifecycle/start-run.js";
import type { Runtime } from "../../src/engine/runtime.js";
import { maxToolOutputCharacters } from "../../src/engine/tool-call/execute-tools.js";
import { createApprovalPolicy } from "../../src/policy/approval-policy.js";
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

/**
 * The hostile-input tally: per class of attack, how many attempts were tried and how many were refused.
 * Printed once the suite ends, which fails if any attempt got through.
 */
const tally = new Map<string, { tried: number; refused: number }>();

function count(attackClass: string, attempts: readonly boolean[]): void {
  const entry = tally.get(attackClass) ?? { tried: 0, refused: 0 };
  entry.tried += attempts.length;
  entry.refused += attempts.filter(Boolean).length;
  tally.set(attackClass, entry);
}

/** Counts each result as one attempt, refused when it came back as an error. */
function countResults(attackClass: string, results: readonly EventOf<"tool-result">[]): void {
  count(
    attackClass,
    results.map((event) => event.isError),
  );
}

afterAll(() => {
  const rows = [...tally].sort(([left], [right]) => (left < right ? -1 : 1));
  const width = Math.max(...rows.map(([name]) => name.length), "attack class".length);
  const lines = [
    `${"attack class".padEnd(width)}  tried  refused`,
    ...rows.map(
      ([name, { tried, refused }]) =>
        `${name.padEnd(width)}  ${String(tried).padStart(5)}  ${String(refused).padStart(7)}`,
    ),
  ];
  const total = rows.reduce(
    (sum, [, entry]) => ({ tried: sum.tried + entry.tried, refused: sum.refused + entry.refused }),
    { tried: 0, refused: 0 },
  );
  lines.push(
    `${"all".padEnd(width)}  ${String(total.tried).padStart(5)}  ${String(total.refused).padStart(7)}`,
  );
  console.log(`Hostile-input suite:\n${lines.join("\n")}`);
  const through = rows.filter(([, entry]) => entry.refused !== entry.tried).map(([name]) => name);
  expect(through, "attack classes with an attempt that was not refused").toEqual([]);
});

interface HostileOptions {
  extraTools?: AnyTool[];
  /** Make the workspace a git repository with one commit. */
  gitRepository?: boolean;
  /** Approve every run_command call by rule (default), or leave them to a human. */
  approveCommands?: boolean;
}

function git(cwd: string, ...args: string[]): void {
  execFileSync("git", ["-c", "user.name=Test", "-c", "user.email=test@example.com", ...args], {
    cwd,
    env: { PATH: process.env.PATH ?? "", HOME: cwd, GIT_CONFIG_NOSYSTEM: "1" },
  });
}

/** A model turn's calls, then an answer: each call must come back as an error observation. */
async function runHostile(calls: ScriptedReply["toolCalls"], options: HostileOptions = {}) {
  const workspace = await tempWorkspace({ "notes.txt": "alpha\n", "big.txt": "x".repeat(200_000) });
  const outside = await realpath(await mkdtemp(join(tmpdir(), "agentone-outside-")));
  cleanups.push(workspace.cleanup, () => rm(outside, { recursive: true, force: true }));
  await writeFile(join(outside, "secret.txt"), secret);
  if (options.gitRepository) {
    git(workspace.root, "init", "-q", "-b", "main");
    git(workspace.root, "add", ".");
    git(workspace.root, "commit", "-q", "-m", "first");
  }
  await symlink(join(outside, "secret.txt"), join(workspace.root, "link-out"));
  await symlink(outside, join(workspace.root, "dir-out"));
  await link(join(outside, "secret.txt"), join(workspace.root, "hard-link.txt"));
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
    shell: { environment: { PATH: process.env.PATH ?? "", HOME: outside } },
    extra: options.extraTools ?? [],
  });
  // Every shell call is approved, so the shell's own refusals are what is tested.
  const approvals = createApprovalPolicy({
    rules: options.approveCommands === false ? [] : [{ tool: "run_command", decision: "approve" }],
  });
  const runtime: Runtime = { ...base, tools, approvals };
  const result = await startRun(runtime, { goal: "misbehave", workspace: workspace.root });
  const events = await runtime.store.readEvents(result.runId);
  const results = events.filter((event): event is EventOf<"tool-result"> => event.type === "tool-result");
  return { result, results, events, backend, outside, workspace: workspace.root };
}

async function expectOutsideUntouched(outside: string) {
  expect((await readdir(outside)).sort()).toEqual(["secret.txt"]);
  expect(await readFile(join(outside, "secret.txt"), "utf8")).toBe(secret);
}

/** Files that make a directory look like a git repository whose fsmonitor is a program (a marker-maker). */
function plantedRepositoryCalls(directory: string, marker: string): NonNullable<ScriptedReply["toolCalls"]> {
  const at = (name: string) => (directory === "." ? name : `${directory}/${name}`);
  return [
    { name: "write_file", arguments: { path: at("HEAD"), content: "ref: refs/heads/main\n" } },
    {
      name: "write_file",
      arguments: {
        path: at("config"),
        content: `[core]\n\trepositoryformatversion = 0\n\tbare = false\n\tworktree = .\n\tfsmonitor = "touch ${marker}; false"\n`,
      },
    },
    { name: "write_file", arguments: { path: at("objects/.keep"), content: "" } },
    { name: "write_file", arguments: { path: at("refs/.keep"), content: "" } },
  ];
}

describe("bad input: every refusal is one clear observation, the run goes on, nothing outside is touched", () => {
  it("path traversal and symlinks out of the workspace, for reads and writes", async () => {
    const { result, results, backend, outside } = await runHostile([
      { name: "read_file", arguments: { path: "../../etc/passwd" } },
      { name: "list_files", arguments: { path: "/etc" } },
      { name: "write_file", arguments: { path: "../escape.txt", content: "x" } },
      {
        name: "apply_patch",
        arguments: { patch: "--- a/../escape.txt\n+++ b/../escape.txt\n@@ -0,0 +1 @@\n+x\n" },
      },
      { name: "read_file", arguments: { path: "link-out" } },
      { name: "read_file", arguments: { path: "dir-out/secret.txt" } },
      { name: "write_file", arguments: { path: "link-out", content: "overwritten" } },
      { name: "write_file", arguments: { path: "dir-out/new.txt", content: "x" } },
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
    countResults("path traversal", results.slice(0, 4));
    countResults("symlink out of the workspace", results.slice(4));
  });

  it("hard links to a file outside, through every tool that reads or writes workspace files", async () => {
    const { result, results, outside } = await runHostile([
      { name: "read_file", arguments: { path: "hard-link.txt" } },
      { name: "read_document", arguments: { path: "hard-link.txt" } },
      { name: "search", arguments: { pattern: "secret", path: "hard-link.txt" } },
      { name: "write_file", arguments: { path: "hard-link.txt", content: "overwritten\n" } },
      {
        name: "apply_patch",
        arguments: {
          patch: "--- a/hard-link.txt\n+++ b/hard-link.txt\n@@ -1 +1 @@\n-outside secret\n+patched\n",
        },
      },
      { name: "run_command", arguments: { command: ["cat", "hard-link.txt"] } },
      { name: "search", arguments: { pattern: "outside secret" } },
    ]);
    expect(result.status).toBe("completed");
    expect(results.slice(0, 6).map((event) => event.errorReason)).toEqual(
      Array.from({ length: 6 }, () => "path_outside_workspace"),
    );
    for (const event of results.slice(0, 5)) expect(event.output).toContain("it is a hard link");
    // A workspace-wide search does not read it either, and says it skipped it.
    const [, , , , , , searched] = results;
    expect(searched?.output).toBe(
      'No matches for "outside secret". Not searched: 1 hard-linked file (hard-link.txt).',
    );
    await expectOutsideUntouched(outside);
    countResults("hard link out of the workspace", results.slice(0, 6));
    count("hard link out of the workspace", [!searched?.output.includes(`hard-link.txt:1`)]);
  });

  it("writes into .git, where config and hooks name programs git runs", async () => {
    const { results, workspace } = await runHostile(
      [
        {
          name: "write_file",
          arguments: { path: ".git/config", content: "[core]\n\tfsmonitor = touch x\n" },
        },
        { name: "write_file", arguments: { path: ".GIT/hooks/pre-commit", content: "#!/bin/sh\ntouch x\n" } },
        {
          name: "apply_patch",
          arguments: { patch: "--- /dev/null\n+++ b/.git/hooks/post-checkout\n@@ -0,0 +1 @@\n+touch x\n" },
        },
        { name: "write_file", arguments: { path: "sub/.git/config", content: "[alias]\n\tx = !touch x\n" } },
      ],
      { gitRepository: true },
    );
    expect(results.map((event) => event.errorReason)).toEqual(
      Array.from({ length: 4 }, () => "path_outside_workspace"),
    );
    for (const event of results) expect(event.output).toContain("may not write inside .git/");
    expect(await readFile(join(workspace, ".git", "config"), "utf8")).not.toContain("fsmonitor");
    countResults("writes into .git", results);
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
    expect((await readdir(workspace)).sort()).toEqual([
      "big.txt",
      "dir-out",
      "hard-link.txt",
      "link-out",
      "notes.txt",
    ]);
    countResults("shell syntax", results.slice(0, 2));
    countResults("command off the allowlist", results.slice(2, 3));
    countResults("command paths out of the workspace", results.slice(3));
  });

  it("options after an allowlisted prefix that load or evaluate code no workspace file holds", async () => {
    const inline = `(await import("node:fs")).writeFileSync("ran.txt", "x")`;
    const { results, workspace } = await runHostile([
      { name: "write_file", arguments: { path: "a.test.js", content: "" } },
      {
        name: "run_command",
        arguments: {
          command: [
            "node",
            "--test",
            `--import=data:text/javascript,${encodeURIComponent(inline)}`,
            "a.test.js",
          ],
        },
      },
      { name: "run_command", arguments: { command: ["node", "--test", "--require", "./a.test.js"] } },
      { name: "run_command", arguments: { command: ["node", "--test", "-e", inline] } },
      { name: "run_command", arguments: { command: ["npm", "test", "--node-options=--import=./a.test.js"] } },
      {
        name: "run_command",
        arguments: { command: ["npm", "test", "--", "--import=data:text/javascript,1"] },
      },
      { name: "run_command", arguments: { command: ["node", "--test", "--test-reporter=./a.test.js"] } },
    ]);
    const attempts = results.slice(1);
    expect(attempts.map((event) => event.errorReason)).toEqual(
      Array.from({ length: 6 }, () => "command_not_allowed"),
    );
    expect(attempts[0]?.output).toContain("load or evaluate code");
    expect(existsSync(join(workspace, "ran.txt"))).toBe(false);
    countResults("code-loading options", attempts);
  });

  // Two runs and real git processes: slow on a busy machine.
  it("a planted git repository: git in run_command never runs the fsmonitor program it names", async () => {
    const marker = join(tmpdir(), `agentone-fsmonitor-${process.pid}-${Date.now()}`);
    cleanups.push(() => rm(marker, { force: true }));
    // At a workspace root without .git, git would take the planted files for the repository.
    const atRoot = await runHostile([
      ...plantedRepositoryCalls(".", marker),
      { name: "run_command", arguments: { command: ["git", "status"] } },
      { name: "run_command", arguments: { command: ["git", "diff"] } },
    ]);
    const rootAttempts = atRoot.results.slice(4);
    expect(rootAttempts.map((event) => event.errorReason)).toEqual([
      "command_not_allowed",
      "command_not_allowed",
    ]);
    expect(rootAttempts[0]?.output).toContain("has no .git directory");
    expect(existsSync(marker)).toBe(false);
    // Inside a real repository, through cwd: "sub".
    const inSub = await runHostile(
      [
        ...plantedRepositoryCalls("sub", marker),
        { name: "run_command", arguments: { command: ["git", "status"], cwd: "sub" } },
        { name: "run_command", arguments: { command: ["git", "diff"], cwd: "sub" } },
        { name: "run_command", arguments: { command: ["git", "log", "--output=sub/out.txt"] } },
      ],
      { gitRepository: true },
    );
    const subAttempts = inSub.results.slice(4);
    // git ran, in the workspace's repository, and the planted program did not.
    expect(subAttempts.map((event) => [event.isError, event.metadata?.exitCode])).toEqual([
      [false, 0],
      [false, 0],
      [true, undefined],
    ]);
    expect(subAttempts[0]?.output).toContain("Untracked files:");
    expect(subAttempts[0]?.output).toContain("\t./\n");
    expect(existsSync(marker)).toBe(false);
    count("planted git repository", [
      ...rootAttempts.map((event) => event.isError),
      ...subAttempts.slice(0, 2).map(() => !existsSync(marker)),
      subAttempts[2]?.isError ?? false,
    ]);
  }, 90_000);

  it("the approval prompt shows the git command that really runs", async () => {
    const { result, events } = await runHostile(
      [{ name: "run_command", arguments: { command: ["git", "status"] } }],
      {
        approveCommands: false,
        gitRepository: true,
      },
    );
    expect(result.status).toBe("awaiting_approval");
    const request = events.find(
      (event): event is EventOf<"approval-request"> => event.type === "approval-request",
    );
    expect(request?.reason).toContain("runs: git --no-pager");
    expect(request?.reason).toContain("-c core.fsmonitor=false");
    expect(request?.reason).toContain("GIT_DIR=<workspace>/.git");
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
    countResults("SSRF", results);
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
      { extraTools: [flood] },
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
    countResults("malformed arguments", results);
  });

  it("oversized and deeply nested arguments are refused and left out of the conversation", async () => {
    const deep = `{"path":${"[".repeat(200_000)}${"]".repeat(200_000)}}`;
    const huge = JSON.stringify({ path: "a".repeat(3_000_000) });
    const { result, results, backend } = await runHostile([
      { name: "read_file", arguments: deep },
      { name: "read_file", arguments: huge },
    ]);
    expect(result).toMatchObject({ status: "completed", answer: "I could not do that." });
    expect(results.map((event) => event.errorReason)).toEqual(["invalid_arguments", "too_large"]);
    expect(results[0]?.output).toContain("deeper than 64 levels");
    expect(results[1]?.output).toContain("over the 2097152-character limit");
    const assistant = (backend.lastCall?.messages ?? []).find(
      (message) => message.role === "assistant" && message.toolCalls,
    );
    expect(assistant?.role === "assistant" ? assistant.toolCalls?.map((call) => call.arguments) : []).toEqual(
      ["{}", "{}"],
    );
    countResults("oversized or deep arguments", results);
  }, 90_000);
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
