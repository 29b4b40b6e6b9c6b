import type { RunEvent } from "../../core/events/run-event.js";
import type { Runtime } from "../runtime.js";
import { openRunToExecute } from "./continue-run.js";
import { executeHeldRun, type RunResult } from "./execute-run.js";
import { withRunClaim } from "./run-claim.js";
import { type StepSummary, summarizeStep } from "./step-summary.js";

/** What one `executeNextStep` did: the run after it, the step it executed, and every event it recorded. */
export interface ExecutedStep {
  run: RunResult;
  /** Null when no step started (the kill switch had fired, or a tool turn that waited for approval ended). */
  step: StepSummary | null;
  events: RunEvent[];
}

/**
 * Executes exactly the next step of a run that is `created`, `queued` or `paused`, and pauses it again
 * (`paused`, reason `step_done`) unless the step ended it or made it wait (approval, input). The deterministic
 * engine's "execute next step", for runs created with `stepping: "manual"`; an automatic run may be stepped
 * too. Claims the run first: refused (UsageError, nothing written) while another process executes it, and
 * for a run in any other state.
 *
 * @example
 * ```ts
 * const runId = await createRun(runtime, { goal: "Fix the failing test", workspace: ".", stepping: "manual" });
 * const { step, run } = await executeNextStep(runtime, runId);
 * console.log(step?.kind, step?.decision.tier, step?.toolCalls.length, run.status); // plan standard 0 paused
 * ```
 */
export async function executeNextStep(runtime: Runtime, runId: string): Promise<ExecutedStep> {
  return withRunClaim(runtime.store, runId, async () => {
    const before = await runtime.store.readEvents(runId);
    const log = await openRunToExecute(runtime, before, "next_step");
    const run = await executeHeldRun(runtime, log, { oneStep: true });
    const events = log.events.slice(before.length);
    return { run, step: summarizeStep(events), events };
  });
}
