import { existsSync, readFileSync } from "node:fs";
import { mkdtemp, realpath, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { setTimeout as delay } from "node:timers/promises";
import { RealClock } from "../../../src/core/clock/index.js";
import type { ToolContext } from "../../../src/tools/tool.js";

const fixtures = path.resolve(import.meta.dirname, "../../fixtures/mcp");
export const testServerPath = path.join(fixtures, "test-server.mjs");
export const pagedServerPath = path.join(fixtures, "paged-server.mjs");

/** A temporary directory for notes and pid files; `cleanup` removes it. */
export async function tempDirectory(): Promise<{ directory: string; cleanup: () => Promise<void> }> {
  const directory = await realpath(await mkdtemp(path.join(tmpdir(), "agentone-mcp-")));
  return { directory, cleanup: () => rm(directory, { recursive: true, force: true }) };
}

export function toolContext(input: { workspaceRoot: string; signal?: AbortSignal }): ToolContext {
  return {
    workspaceRoot: input.workspaceRoot,
    signal: input.signal ?? new AbortController().signal,
    clock: new RealClock(),
    idempotencyKey: "run-1:3:call-7",
  };
}

/** The stdio configuration of the test server, with the environment it reads. */
export function stdioServer(overrides: Record<string, unknown> = {}) {
  return {
    name: "fixture",
    transport: "stdio" as const,
    command: process.execPath,
    args: [testServerPath],
    env: ["NOTES_FILE"],
    ...overrides,
  };
}

/**
 * Waits until a file contains the text. Polls instead of sleeping a guessed time: the outcome does not
 * depend on timing, only how soon it is seen (the test timeout bounds it).
 */
export async function waitForFileText(file: string, text: string): Promise<string> {
  for (;;) {
    const content = existsSync(file) ? readFileSync(file, "utf8") : "";
    if (content.includes(text)) return content;
    await delay(10);
  }
}

export function processIsGone(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "ESRCH";
  }
}
