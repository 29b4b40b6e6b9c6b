import type { ModelRequest } from "agentone";
import { hashString } from "agentone/internal";
import { isBudgetLine } from "./brain/conversation-view.js";

// A local service's port is whatever the system handed out; it must not change what the model does.
const ephemeralPort = /\b(127\.0\.0\.1|localhost|\[::1\]):\d+/g;

/**
 * The seed of one simulated call: the run's seed, the model, the step kind, the goal and instructions,
 * the tools offered, and the model's own earlier calls. Left out on purpose: tool results (they carry
 * timings, temporary paths and ports that differ from one execution to the next), the budget line (it
 * moves with spend) and the model's own texts (a plan may come from a cache, written by another model).
 * A run must be reproducible from its seed; the left-out parts still steer every decision, they only do
 * not reseed the dice.
 *
 * @example
 * ```ts
 * const random = createRandom(requestSeed(request));
 * ```
 */
export function requestSeed(request: ModelRequest): number {
  const system = request.messages.find((message) => message.role === "system")?.content ?? "";
  const material = request.messages.flatMap((message) => {
    if (message.role === "user") return isBudgetLine(message.content) ? [] : [["user", message.content]];
    if (message.role === "assistant")
      return (message.toolCalls ?? []).map((call) => ["call", call.name, call.arguments]);
    return [];
  });
  const text = JSON.stringify([
    request.model,
    request.seed ?? 0,
    /Current step: (\w+)/.exec(system)?.[1] ?? "",
    material,
    request.tools.map((tool) => tool.name),
  ]);
  return hashString(text.replace(ephemeralPort, "$1:port"));
}
