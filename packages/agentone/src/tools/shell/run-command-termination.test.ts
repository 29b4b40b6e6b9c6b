import { existsSync, readFileSync } from "node:fs";
import { mkdtemp, readFile, realpath, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { setTimeout as delay } from "node:timers/promises";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { RealClock } from "../../core/clock/index.js";
import { createRunCommandTool } from "./run-command.js";

let root: string;
const startedPids: number[] = [];

const environment = { PATH: `${path.dirname(process.execPath)}${path.delimiter}${process.env.PATH ?? ""}` };

beforeEach(async () => {
  root = await realpath(await mkdtemp(path.join(tmpdir(), "agentone-run-command-end-")));
});

afterEach(async () => {
  for (const pid of startedPids.splice(0)) {
    try {
      process.kill(pid, "SIGKILL");
    } catch {
      // Already gone, as it should be.
    }
  }
  await rm(root, { recursive: true, force: true });
});

function run(script: string, options: { timeoutMs?: number; signal?: AbortSignal } = {}) {
  const tool = createRunCommandTool({
    allowlist: [["node", "-e"]],
    environment,
    timeoutMs: options.timeoutMs ?? 60_000,
  });
  return tool.execute(tool.inputSchema.parse({ command: ["node", "-e", script] }), {
    workspaceRoot: root,
    signal: options.signal ?? new AbortController().signal,
    clock: new RealClock(),
    idempotencyKey: "test-call",
  });
}

/** Alive and not a zombie (an exited child nobody reaped yet counts as dead). */
function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2)[0] !== "Z";
  } catch {
    // No /proc (macOS): signal 0 succeeding is the best evidence.
    return true;
  }
}

/** Polls a condition, up to a generous bound; a bound, not a timing assertion. */
async function waitFor(condition: () => boolean, what: string): Promise<void> {
  for (let attempt = 0; attempt < 400; attempt++) {
    if (condition()) return;
    await delay(25);
  }
  throw new Error(`gave up waiting for ${what}`);
}

async function readPid(file: string): Promise<number> {
  await waitFor(() => existsSync(path.join(root, file)), file);
  const pid = Number(await readFile(path.join(root, file), "utf8"));
  startedPids.push(pid);
  return pid;
}

// Starts a grandchild that runs forever, and records its pid atomically (write, then rename).
const startGrandchild = (options: string) =>
  "const fs = require('fs'); const { spawn } = require('child_process'); " +
  `const child = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], ${options}); ` +
  "fs.writeFileSync('pid.tmp', String(child.pid)); fs.renameSync('pid.tmp', 'grandchild.pid');";

describe("run_command: ending processes", () => {
  it("kills a command that runs past its timeout and says it timed out", async () => {
    const output = await run("console.log('started'); setInterval(() => {}, 1000)", { timeoutMs: 300 });
    expect(output.metadata).toMatchObject({ timedOut: true, exitCode: null, signal: "SIGKILL" });
    expect(output.content).toContain(
      "Timed out after 300 ms: the command and its child processes were killed.",
    );
  });

  it("kills the command and its children when the call is aborted, then rejects with the reason", async () => {
    const controller = new AbortController();
    const call = run(`${startGrandchild("{ stdio: 'inherit' }")} setInterval(() => {}, 1000);`, {
      signal: controller.signal,
    });
    const grandchild = await readPid("grandchild.pid");
    expect(isAlive(grandchild)).toBe(true);
    controller.abort(new Error("the run was killed"));
    await expect(call).rejects.toThrow("the run was killed");
    await waitFor(() => !isAlive(grandchild), "the grandchild to die");
  });

  it("kills what the command leaves running in its group when it exits", async () => {
    const output = await run(`${startGrandchild("{ stdio: 'ignore' }")} child.unref();`);
    expect(output.metadata).toMatchObject({ exitCode: 0, timedOut: false });
    const grandchild = await readPid("grandchild.pid");
    await waitFor(() => !isAlive(grandchild), "the grandchild to die");
  });

  it("returns after a timeout even when an escaped process keeps the output pipe open", async () => {
    // detached: the grandchild leaves the process group, so the group kill misses it; it holds stdout.
    const script = `${startGrandchild("{ stdio: 'inherit', detached: true }")} setInterval(() => {}, 1000);`;
    const output = await run(script, { timeoutMs: 300 });
    expect(output.metadata).toMatchObject({ timedOut: true });
    if (existsSync(path.join(root, "grandchild.pid"))) await readPid("grandchild.pid");
  });
});
