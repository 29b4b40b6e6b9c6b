import type { StepKind } from "../../core/events/payload-schemas.js";
import type { RunState } from "../../core/run-state/run-state.js";
import type { RoutingPolicy } from "../../policy/routing-policy.js";
import { terminationPolicyOf } from "./termination-policy.js";

/**
 * Picks the next step's kind: a plan first; a replan after a failure or every `replanEvery` acting steps
 * (the policy's quality level sets it); a final
 * answer (no tools) when only one ordinary step is left, unless the run asks a human at its limits (then
 * the person decides, not a forced answer); otherwise act. `stepsLeft` is the ledger's answer for ordinary
 * steps (null: unlimited); `policy` is the run's, resolved once per run (the run context's).
 */
export function chooseStepKind(
  state: RunState,
  options: { stepsLeft: number | null; policy: Pick<RoutingPolicy, "replanEvery"> },
): StepKind {
  const { stepsLeft } = options;
  if (state.lastStep === 0) return "plan";
  // The quality level sets how often to replan on schedule (0: only after a failure).
  const { replanEvery } = options.policy;
  if (stepsLeft !== null && stepsLeft <= 1 && terminationPolicyOf(state.options.onExhaust) !== "ask-human")
    return "final";
  if (
    state.currentStepKind !== "replan" &&
    (state.consecutiveFailedSteps > 0 || (replanEvery > 0 && state.actStepsSincePlan >= replanEvery))
  ) {
    return "replan";
  }
  return "act";
}
