import type { StepKind } from "../core/events/payload-schemas.js";
import type { ModelSpec } from "../core/model-spec.js";

/**
 * Output tokens a step of each kind typically produces (not the cap it may use): what latency and
 * expected-cost predictions assume. Plans and answers are prose; act steps are mostly short tool calls.
 */
export const expectedOutputTokens: Record<StepKind, number> = {
  plan: 400,
  replan: 300,
  act: 250,
  final: 500,
  summarize: 400,
};

/** Local runners read the prompt at a few hundred tokens per second (calibration.md §2c); APIs far faster. */
export const localPromptTokensPerSecond = 200;

/** Observed/predicted latency ratios are clamped to this range, so one outlier cannot rule a model out. */
export const latencyCorrectionRange = { min: 0.25, max: 4 } as const;

/**
 * Predicts one call's latency from the catalog: time to first token, plus the prompt on a local runner,
 * plus the output at the model's speed; then scales it by what this model has actually been observed to
 * take (`correction`, observed over predicted, 1 when nothing was observed).
 *
 * @example
 * ```ts
 * predictLatencyMs(model, { inputTokens: 3000, outputTokens: 250 }); // e.g. 5_600
 * ```
 */
export function predictLatencyMs(
  model: ModelSpec,
  request: { inputTokens: number; outputTokens: number; correction?: number },
): number {
  const prompt = model.tier === "local" ? (request.inputTokens / localPromptTokensPerSecond) * 1000 : 0;
  const base =
    model.timeToFirstTokenMs + prompt + (request.outputTokens / model.outputTokensPerSecond) * 1000;
  // NaN (no usable observation) means uncorrected; infinities clamp like any other outlier.
  const observed =
    request.correction === undefined || Number.isNaN(request.correction) ? 1 : request.correction;
  const correction = Math.min(latencyCorrectionRange.max, Math.max(latencyCorrectionRange.min, observed));
  return Math.round(base * correction);
}
