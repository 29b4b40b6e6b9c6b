import type { AvailableBudget } from "../budget/headroom.js";
import { nanoPerToken, worstCaseInputPrice } from "../budget/money.js";
import type { StepKind } from "../core/events/payload-schemas.js";
import type { ModelSpec } from "../core/model-spec.js";
import { expectedOutputTokens } from "./predict-latency.js";

/** Below this many output tokens a call is not worth making. */
export const minimumOutputTokens = 64;

/** True when the model can take the request at all: its context window holds the input and some output. */
export function fitsContext(model: ModelSpec, inputTokens: number): boolean {
  return inputTokens + minimumOutputTokens <= model.contextWindow;
}

/** True when the smallest useful call (the input, at the worst-case input price, and a few output tokens) fits. */
export function fitsBudget(
  model: ModelSpec,
  input: { inputTokens: number; available: AvailableBudget },
): boolean {
  const { inputTokens, available } = input;
  if (available.tokens !== null && inputTokens + minimumOutputTokens > available.tokens) return false;
  if (available.nanoUsd === null) return true;
  const worstCase =
    inputTokens * nanoPerToken(worstCaseInputPrice(model.prices)) +
    minimumOutputTokens * nanoPerToken(model.prices.output);
  return worstCase <= available.nanoUsd;
}

/** What a typical step of this kind costs on the model (uncached input, typical output), nano-dollars. */
export function expectedCostNanoUsd(
  model: ModelSpec,
  input: { kind: StepKind; inputTokens: number },
): number {
  return (
    input.inputTokens * nanoPerToken(model.prices.input) +
    expectedOutputTokens[input.kind] * nanoPerToken(model.prices.output)
  );
}

/** Cheapest output first, then cheapest input: the order models of one tier are tried in. */
export function cheapestFirst(models: readonly ModelSpec[]): ModelSpec[] {
  return [...models].sort(
    (left, right) => left.prices.output - right.prices.output || left.prices.input - right.prices.input,
  );
}
