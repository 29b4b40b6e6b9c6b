import { createRun } from "../../src/engine/lifecycle/create-run.js";
import type { RunTask } from "../../src/engine/lifecycle/run-task.js";
import type { Runtime } from "../../src/engine/runtime.js";

/** A run that exists and that no process executes, for a caller with only its id (the REST API, the gateway). */
export async function createIdleRun(runtime: Runtime, task: Partial<RunTask> = {}): Promise<string> {
  return createRun(runtime, { goal: "serve chat calls", workspace: ".", ...task });
}
