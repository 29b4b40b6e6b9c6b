import type { GradeResult, TaskOutcome } from "../bench-task.js";
import { checkOf, type RubricItem, summarizeChecks } from "../grade-checks.js";
import type { Refund } from "./refunds.js";

export const apiWorkflowRubric = {
  exactlyOne: {
    name: "exactly-one-refund",
    weight: 2,
    essential: true,
    meaning: "the service recorded exactly one refund (none, or a duplicate, fails)",
  },
  rightOrder: {
    name: "right-order",
    weight: 2,
    essential: true,
    meaning: "every recorded refund is for the target order (and there is at least one)",
  },
  answerNamesOrder: {
    name: "answer-names-order",
    weight: 1,
    essential: false,
    meaning: "the answer names the refunded order's id",
  },
} satisfies Record<string, RubricItem>;

/** Grades from the service's own refund state; what the agent says it did is not evidence. */
export async function gradeApiWorkflow(
  outcome: TaskOutcome,
  service: { refunds(): readonly Refund[]; targetId: string },
): Promise<GradeResult> {
  const refunds = service.refunds();
  const orders = refunds.map((refund) => refund.orderId);
  const recorded = `refunds recorded: ${orders.length === 0 ? "none" : orders.join(", ")}`;
  return summarizeChecks([
    checkOf(apiWorkflowRubric.exactlyOne, { passed: refunds.length === 1, detail: recorded }),
    checkOf(apiWorkflowRubric.rightOrder, {
      passed: refunds.length > 0 && orders.every((id) => id === service.targetId),
      detail: recorded,
    }),
    checkOf(apiWorkflowRubric.answerNamesOrder, {
      passed: outcome.answer?.includes(service.targetId) ?? false,
    }),
  ]);
}
