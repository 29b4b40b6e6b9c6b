import { formatUsd } from "../../budget/money.js";
import { budgetStatus, type DimensionStatus } from "../../budget/remaining.js";
import type { BudgetLimits } from "../../core/budget-limits.js";
import type { BudgetUsage } from "../../core/budget-usage.js";
import type { StepKind } from "../../core/events/payload-schemas.js";
import type { Message } from "../../core/messages.js";

const stepInstructions: Record<StepKind, string> = {
  plan: "Current step: plan. Write a short numbered plan for reaching the goal. Do not call tools in this step.",
  act: "Current step: act. Call one or more tools to make progress. When the goal is met, reply with your final answer as plain text and no tool calls.",
  replan:
    "Current step: replan. Review what has happened so far, including any errors, and write a revised numbered plan. Do not call tools in this step.",
  final:
    "Current step: final. No more tool calls are possible. Give your final answer now, from what you have learned.",
  summarize:
    "Current step: summarize. The run is being stopped before the goal was reached. Summarize what was done, what was found, and what remains, so that a person can pick up the work.",
};

/** Remaining shares a budget line names: it says "at least" the largest one left, exact figures below 5%. */
const shareBands = [0.5, 0.25, 0.1, 0.05];

/** The largest band the remaining share reaches (float noise aside), or null below the smallest. */
function band(status: DimensionStatus): number | null {
  const left = Math.round(Math.max(0, 1 - status.fractionUsed) * 1e9) / 1e9;
  return shareBands.find((share) => left >= share) ?? null;
}

function minutesOrSeconds(ms: number): string {
  return ms >= 120_000 ? `${Math.floor(ms / 60_000)} min` : `${Math.floor(ms / 1000)} s`;
}

function describe(status: DimensionStatus): string | null {
  const left = status.remaining;
  const share = band(status);
  switch (status.dimension) {
    case "usd":
      return share === null
        ? `${formatUsd(left)} (${Math.round((1 - Math.min(1, status.fractionUsed)) * 100)}%)`
        : `at least ${formatUsd(status.limit * share)} (${share * 100}%)`;
    case "tokens":
      return share === null ? `${left} tokens` : `at least ${Math.floor(status.limit * share)} tokens`;
    case "toolCalls":
      return `${left} tool calls`;
    case "modelCalls":
      return `${left} model calls`;
    case "steps":
      return `${left} steps`;
    case "wallClockMs":
      return share === null ? minutesOrSeconds(left) : `at least ${minutesOrSeconds(status.limit * share)}`;
    case "inputTokens":
    case "outputTokens":
    case "retries":
      return null;
  }
}

/**
 * The budget line every model call carries (budget-aware prompting), e.g.
 * `Budget remaining: at least $1.00 (50%), 3 tool calls, 12 steps, at least 7 min.` Dollars come first so
 * a model can find them. Money, tokens and time are named by the largest share still left (50%, 25%, 10%,
 * 5%) and exactly only below 5%; counts are always exact. That is what a model needs to pace itself, and
 * the line stays the same while spend moves a little: two runs of one task then send the same requests,
 * and the second is answered from the exact-match cache, unless their budgets really differ.
 */
export function budgetLine(limits: BudgetLimits, usage: BudgetUsage, elapsedMs: number): string | null {
  const parts = budgetStatus(limits, usage, elapsedMs)
    .map(describe)
    .filter((part): part is string => part !== null);
  return parts.length === 0 ? null : `Budget remaining: ${parts.join(", ")}.`;
}

/**
 * The system prompt of one call: role, step instruction and current plan. It holds nothing that changes
 * from call to call within a step kind, so consecutive calls share it as a prefix.
 */
export function systemPrompt(input: { kind: StepKind; plan: string | null; stopReason?: string }): string {
  const lines = [
    "You are an agent working on a goal inside a workspace directory, through the tools you are given.",
    "Paths are relative to the workspace root. Be economical: every call costs tokens, time and money.",
    stepInstructions[input.kind],
  ];
  if (input.stopReason) lines.push(`Reason for stopping: ${input.stopReason}.`);
  if (input.plan && input.kind !== "plan") lines.push(`Current plan:\n${input.plan}`);
  return lines.join("\n");
}

/**
 * The messages of one call: the system prompt, the conversation, and (under budget-aware prompting) the
 * budget line as a last, short user message. The budget changes on every call; at the end it leaves the
 * prefix (system prompt and conversation so far) identical from one call to the next, so providers can
 * serve that prefix from their prompt cache.
 *
 * @example
 * ```ts
 * const messages = requestMessages({ kind: "act", plan, conversation, budget: "Budget remaining: $0.40 (80%), 12 steps." });
 * // [system, ...conversation, { role: "user", content: "Budget remaining: $0.40 (80%), 12 steps." }]
 * ```
 */
export function requestMessages(input: {
  kind: StepKind;
  plan: string | null;
  stopReason?: string;
  conversation: readonly Message[];
  budget: string | null;
}): Message[] {
  const system = systemPrompt({
    kind: input.kind,
    plan: input.plan,
    ...(input.stopReason ? { stopReason: input.stopReason } : {}),
  });
  return [
    { role: "system", content: system },
    ...input.conversation,
    ...(input.budget ? [{ role: "user" as const, content: input.budget }] : []),
  ];
}
