import { VirtualClock } from "../../src/core/clock/index.js";
import type { Store } from "../../src/store/store.js";
import { ScriptedBackend, type ScriptedStep } from "../../src/testing/scripted-backend.js";
import { createTestRuntime } from "../../src/testing/test-runtime.js";
import { tempWorkspace } from "./temp-workspace.js";

let cleanups: (() => Promise<void>)[] = [];

/**
 * Loads the tokenizer and starts a first in-memory store, which is slow on a busy machine: call it in
 * `beforeAll` (whose timeout is longer), so no test's own timeout pays for it.
 */
export async function warmUpScriptedRuns(): Promise<void> {
  const warm = await createTestRuntime();
  await warm.store.close();
}

/** Closes the runtimes and removes the workspaces `scriptedSetup` made; call it in `afterEach`. */
export async function cleanUpScriptedRuns(): Promise<void> {
  for (const cleanup of cleanups) await cleanup();
  cleanups = [];
}

/**
 * A test runtime on a ScriptedBackend that answers `steps` in order, on a virtual clock, with a temporary
 * workspace holding `notes.txt` ("alpha\n").
 *
 * @example
 * ```ts
 * const { runtime, backend, workspace } = await scriptedSetup([{ text: "plan" }, { text: "done" }]);
 * const result = await startRun(runtime, { goal: "g", workspace });
 * ```
 */
export async function scriptedSetup(steps: ScriptedStep[], options: { store?: Store } = {}) {
  const workspace = await tempWorkspace({ "notes.txt": "alpha\n" });
  cleanups.push(workspace.cleanup);
  const clock = new VirtualClock();
  const backend = new ScriptedBackend({ steps, clock });
  const runtime = await createTestRuntime({
    backend,
    clock,
    ...(options.store ? { store: options.store } : {}),
  });
  cleanups.push(() => runtime.store.close());
  return { runtime, backend, workspace: workspace.root };
}
