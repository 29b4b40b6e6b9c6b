import { formatUsd } from "../budget/money.js";
import { budgetStatus, type DimensionStatus } from "../budget/remaining.js";
import type { BudgetLimits } from "../core/budget-limits.js";
import type { BudgetUsage } from "../core/budget-usage.js";
import type { StepKind } from "../core/events/payload-schemas.js";

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

function describe(status: DimensionStatus): string | null {
  const left = status.remaining;
  switch (status.dimension) {
    case "usd":
      return `${formatUsd(left)} (${Math.round((1 - Math.min(1, status.fractionUsed)) * 100)}%)`;
    case "tokens":
      return `${left} tokens`;
    case "toolCalls":
      return `${left} tool calls`;
    case "modelCalls":
      return `${left} model calls`;
    case "steps":
      return `${left} steps`;
    case "wallClockMs":
      return `${Math.floor(left / 1000)} s`;
    case "inputTokens":
    case "outputTokens":
    case "retries":
      return null;
  }
}

/**
 * The budget line every model call carries (budget-aware prompting), e.g.
 * `Budget remaining: $0.012 (40%), 3 tool calls, 25 s.` Dollars come first so a model can find them.
 */
export function budgetLine(limits: BudgetLimits, usage: BudgetUsage, elapsedMs: number): string | null {
  const parts = budgetStatus(limits, usage, elapsedMs)
    .map(describe)
    .filter((part): part is string => part !== null);
  return parts.length === 0 ? null : `Budget remaining: ${parts.join(", ")}.`;
}

/** The system prompt of one call: role, step instruction, current plan and (optionally) the budget line. */
export function systemPrompt(input: {
  kind: StepKind;
  plan: string | null;
  budget: string | null;
  stopReason?: string;
}): string {
  const lines = [
    "You are an agent working on a goal inside a workspace directory, through the tools you are given.",
    "Paths are relative to the workspace root. Be economical: every call costs tokens, time and money.",
    stepInstructions[input.kind],
  ];
  if (input.stopReason) lines.push(`Reason for stopping: ${input.stopReason}.`);
  if (input.plan && input.kind !== "plan") lines.push(`Current plan:\n${input.plan}`);
  if (input.budget) lines.push(input.budget);
  return lines.join("\n");
}
