import type { StepKind } from "../../core/events/payload-schemas.js";
import { terminationPolicyOf } from "../lifecycle/termination-policy.js";

/** What an external run's caller does when a decision is refused. */
export const ifNotAllowedActions = ["degrade", "summarize", "ask-human", "stop"] as const;
export type IfNotAllowed = (typeof ifNotAllowedActions)[number];

/**
 * What the caller is to do if its step is refused, from the run's `onExhaust` order, as a managed run
 * would go on:
 * - `degrade`: the run lists `degrade` and dollars ruled the step out (AgentOne's own local models were
 *   already tried: none fits): go on with a free model of your own; tool calls still count;
 * - `summarize`: the termination policy is `summarize`: ask for one `summarize` step, which may spend the
 *   slice held back for it, then finish with a partial result;
 * - `ask-human`: the run waits for a human (`resume` adds budget);
 * - `stop`: finish now with a partial result (`hard-stop`, `best-effort`, a usage anomaly, or a refused
 *   summary).
 *
 * @example
 * ```ts
 * ifNotAllowedFor({ onExhaust: ["degrade", "summarize"], kind: "act", limitedBy: "usd" }); // "degrade"
 * ```
 */
export function ifNotAllowedFor(input: {
  onExhaust: readonly string[];
  kind: StepKind;
  limitedBy?: string | undefined;
  reason?: string | undefined;
}): IfNotAllowed {
  if (input.reason === "usage_anomaly") return "stop";
  if (input.onExhaust.includes("degrade") && input.limitedBy === "usd") return "degrade";
  switch (terminationPolicyOf(input.onExhaust)) {
    case "summarize":
      // The summary itself refused: nothing is left to spend.
      return input.kind === "summarize" ? "stop" : "summarize";
    case "ask-human":
      return "ask-human";
    default:
      return "stop";
  }
}
