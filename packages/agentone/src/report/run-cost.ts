import { nanoToUsd } from "../budget/money.js";
import type { RunEvent } from "../core/events/run-event.js";

/** What one model call cost, as the cost endpoint and the deterministic engine's `/cost` list it. */
export interface StepCost {
  step: number;
  model: string;
  inputTokens: number;
  cachedInputTokens: number;
  outputTokens: number;
  usd: number;
  latencyMs: number;
}

/** The cost of a run per model call, and its totals. */
export interface RunCost {
  runId: string;
  totalUsd: number;
  totalTokens: { input: number; cachedInput: number; output: number };
  steps: StepCost[];
}

/**
 * The cost of a run, call by call, from its events: every answered model call (`model-call-end`) with its
 * step, model, tokens, cost and latency. The total is the run's settled spend, which also counts failed
 * attempts (a cut stream is billed for its input), so it can exceed the sum of the rows.
 *
 * @example
 * ```ts
 * const cost = runCost(await store.readEvents(runId), report.usage.usd);
 * ```
 */
export function runCost(events: readonly RunEvent[], totalUsd: number): RunCost {
  const steps: StepCost[] = [];
  for (const event of events) {
    if (event.type !== "model-call-end") continue;
    steps.push({
      step: event.step,
      model: event.model,
      inputTokens: event.usage.inputTokens,
      cachedInputTokens: event.usage.cachedInputTokens,
      outputTokens: event.usage.outputTokens,
      usd: nanoToUsd(event.costNanoUsd),
      latencyMs: event.latencyMs,
    });
  }
  const sum = (pick: (step: StepCost) => number) => steps.reduce((total, step) => total + pick(step), 0);
  return {
    runId: events[0]?.runId ?? "",
    totalUsd,
    totalTokens: {
      input: sum((step) => step.inputTokens),
      cachedInput: sum((step) => step.cachedInputTokens),
      output: sum((step) => step.outputTokens),
    },
    steps,
  };
}
