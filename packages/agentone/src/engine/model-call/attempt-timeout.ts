import type { ModelSpec } from "../../core/model-spec.js";
import { localPromptTokensPerSecond } from "../../policy/predict-latency.js";

/**
 * How long one attempt may take before it counts as a (retryable) timeout: three times what the catalog
 * expects for the worst case (time to first token, the prompt on a local runner, every allowed output
 * token at the model's speed), and never less than a minute. A hung connection then fails one attempt
 * instead of using up the step's or the run's whole deadline.
 */
export function attemptTimeoutMs(
  model: ModelSpec,
  request: { maxOutputTokens: number; inputTokens: number },
): number {
  const prompt = model.tier === "local" ? (request.inputTokens / localPromptTokensPerSecond) * 1000 : 0;
  const expected =
    model.timeToFirstTokenMs + prompt + (request.maxOutputTokens / model.outputTokensPerSecond) * 1000;
  return Math.max(60_000, Math.ceil(3 * expected));
}
