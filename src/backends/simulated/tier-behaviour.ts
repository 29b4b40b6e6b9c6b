import type { ModelTier } from "../model-spec.js";

/**
 * How a simulated tier behaves. These are modelling assumptions, not measurements: the ordering and rough
 * spread follow published agent results (SWE-bench Lite with OpenHands CodeAct: 26% Claude 3.5 Sonnet,
 * 22% GPT-4o, 7% GPT-4o mini — calibration.md §1), i.e. a cheap model fails about three times as often
 * as a standard one. docs/design.md lists them; the benchmark documents its own calibration.
 */
export interface TierBehaviour {
  /** Probability that an acting turn contains a mistake (wrong path, malformed call, loop, early answer). */
  mistakeRate: number;
  /** How many files it reads before answering. */
  readBudget: number;
  /** Tool calls it issues in parallel in one turn. */
  parallelCalls: number;
  /** Median hidden reasoning tokens per turn (billed as output). */
  reasoningTokens: number;
  /** Lognormal spread of time to first token and of generation speed. */
  latencySigma: number;
}

export const tierBehaviour: Record<ModelTier, TierBehaviour> = {
  premium: { mistakeRate: 0.03, readBudget: 6, parallelCalls: 2, reasoningTokens: 160, latencySigma: 0.3 },
  standard: { mistakeRate: 0.07, readBudget: 5, parallelCalls: 2, reasoningTokens: 40, latencySigma: 0.3 },
  cheap: { mistakeRate: 0.15, readBudget: 3, parallelCalls: 1, reasoningTokens: 0, latencySigma: 0.35 },
  local: { mistakeRate: 0.25, readBudget: 3, parallelCalls: 1, reasoningTokens: 0, latencySigma: 0.25 },
};
