import type { ToolCallTraits } from "../core/tool-call-traits.js";
import type { ApprovalPolicy, ApprovalVerdict, CallUnderReview } from "./approval-policy.js";

/** What the engine does with one tool call before it runs. */
export type CallReview =
  /** Nothing to decide: the call needs no approval and no rule denies it. */
  | { kind: "free" }
  /** A rule decided it. */
  | { kind: "rule"; decision: ApprovalVerdict; reason: string | null; source: string }
  /** A human must decide; `reason` says why the call needs approval. */
  | { kind: "human"; reason: string };

function whyApproval(tool: string, traits: ToolCallTraits): string {
  switch (traits.sideEffect) {
    case "external":
      return `${tool} may change something outside the workspace`;
    case "workspace":
      return `${tool} may change the workspace or run code in it`;
    case "none":
      return `${tool} is configured to need approval`;
  }
}

/**
 * Reviews one call: the first matching rule, then the call's traits. A deny rule applies to every call;
 * an approve rule only matters for calls that need approval; a call that needs approval and matches no
 * rule goes to a human. Pure.
 *
 * @example
 * ```ts
 * reviewCall(policy, { tool: "run_command", arguments: { command: ["npm", "test"] }, canonicalArguments, traits });
 * // { kind: "rule", decision: "approve", reason: null, source: "tools.shell.autoApprove[0]" }
 * ```
 */
export function reviewCall(
  policy: ApprovalPolicy,
  call: CallUnderReview & { traits: ToolCallTraits },
): CallReview {
  const rule = policy.rules.find((candidate) => candidate.matches(call));
  if (rule?.decision === "deny")
    return { kind: "rule", decision: "deny", reason: rule.reason, source: rule.source };
  if (!call.traits.requiresApproval) return { kind: "free" };
  if (rule) return { kind: "rule", decision: "approve", reason: rule.reason, source: rule.source };
  return { kind: "human", reason: whyApproval(call.tool, call.traits) };
}
