import type { TerminationPolicy } from "../../core/events/payload-schemas.js";

/** The policy applied once degrading no longer helps: the first entry of `onExhaust` that is not `degrade`. */
export function terminationPolicyOf(onExhaust: readonly string[]): TerminationPolicy {
  const policy = onExhaust.find((entry) => entry !== "degrade");
  return (policy ?? "summarize") as TerminationPolicy;
}
