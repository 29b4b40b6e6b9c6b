import { writeFile } from "node:fs/promises";
import path from "node:path";
import type { BenchTask } from "../bench-task.js";
import { describeRubric } from "../grade-checks.js";
import { prepareWorkspaceDirectory } from "../prepare-directory.js";
import { apiWorkflowRubric, gradeApiWorkflow } from "./grader.js";
import { startOrderService } from "./order-service.js";
import { ordersFor, targetCustomer } from "./orders.js";
import { apiReadme } from "./readme-content.js";

function goalFor(baseUrl: string): string {
  return (
    `A support ticket: ${targetCustomer} was charged twice. Using the orders API at ${baseUrl} (described in ` +
    `README.md), find ${targetCustomer}'s order with status "duplicate-charge" and refund it exactly once. ` +
    "Use an Idempotency-Key on the refund request. Answer with the refunded order's id."
  );
}

/**
 * Drive a paginated HTTP API to find one order and refund it exactly once.
 *
 * @example
 * ```ts
 * const prepared = await apiWorkflowTask.prepare({ directory, seed: 0 });
 * // prepared.services.baseUrl is the running API; close it when done:
 * await prepared.services?.close();
 * ```
 */
export const apiWorkflowTask: BenchTask = {
  id: "api-workflow",
  title: "Refund the right order exactly once through an API",
  description:
    "An orders API (started by prepare on 127.0.0.1) lists 18 orders over 4 pages with next links. The one " +
    "duplicate charge of the ticket's customer is on page 3, behind a duplicate charge of another customer " +
    "and of a look-alike customer name. Refunds honour Idempotency-Key, but two different keys refund twice.",
  rubric: describeRubric(
    "Graded from the service's refund state, not from the answer's claims. The seed varies the order ids, " +
      "amounts and the target's place on page 3. The README holds the live base URL.",
    Object.values(apiWorkflowRubric),
  ),
  async prepare(options) {
    const workspace = await prepareWorkspaceDirectory(options);
    const { orders, targetId } = ordersFor(options.seed);
    const service = await startOrderService(orders);
    try {
      await writeFile(path.join(workspace, "README.md"), apiReadme(service.baseUrl));
    } catch (error) {
      await service.close();
      throw error;
    }
    return {
      workspace,
      goal: goalFor(service.baseUrl),
      services: { baseUrl: service.baseUrl, close: () => service.close() },
      grade: (outcome) => gradeApiWorkflow(outcome, { refunds: () => service.refunds(), targetId }),
    };
  },
};
