import type { ModelTier } from "agentone";

/**
 * How a simulated tier behaves. The mistake rate is derived from published agent results, not tuned
 * (docs/evaluation.md, "Simulated models and their calibration", has the derivation and the date it was
 * fixed): each acting turn is one opportunity for a mistake, and a tier's per-turn rate `h` is the one
 * under which an agent resolves its published share of SWE-bench Lite instances over an assumed
 * {@link turnsPerSweBenchInstance} turns, i.e. `1 - resolveRate^(1 / turns)`.
 */
export interface TierBehaviour {
  /**
   * Probability that an acting turn holds a mistake. The kind (wrong file, wrong or incomplete edit,
   * malformed call, premature answer, loop, duplicate side effect) is drawn uniformly from those a real
   * model could plausibly make at that point of the task.
   */
  mistakeRate: number;
  /** The SWE-bench Lite resolve rate the mistake rate is derived from. */
  resolveRate: number;
  /** How many files it reads before answering when it only explores (no recipe applies). */
  readBudget: number;
  /** Tool calls it issues in parallel in one turn. */
  parallelCalls: number;
  /**
   * Median hidden reasoning tokens per turn (billed as output). Zero for a tier priced as a model that does
   * not reason (GPT-4.1, GPT-4o mini, Llama 3.1 8B): such a model never reports reasoning tokens. Premium
   * is priced as Claude Opus 4.1, which thinks before it answers.
   */
  reasoningTokens: number;
  /** Lognormal spread of time to first token and of generation speed. */
  latencySigma: number;
}

/** Assumed acting turns of one SWE-bench Lite instance (calibration.md gives no turn counts). */
export const turnsPerSweBenchInstance = 20;

/** The per-turn mistake rate under which `resolveRate` of instances survive all their turns. */
export function mistakeRateFor(resolveRate: number): number {
  return 1 - resolveRate ** (1 / turnsPerSweBenchInstance);
}

/**
 * Resolve rates on SWE-bench Lite with the same agent (OpenHands CodeAct v1.8; calibration.md §1):
 * 26% claude-3.5-sonnet (premium), 22% gpt-4o (standard), 7% gpt-4o-mini (cheap). No figure exists there
 * for an 8B local model; local takes one more step down the same ladder (7% × 7/22 ≈ 2.2%), an assumption.
 */
export const tierResolveRates: Record<ModelTier, number> = {
  premium: 0.26,
  standard: 0.22,
  cheap: 0.07,
  local: 0.07 * (0.07 / 0.22),
};

function behaviour(tier: ModelTier, rest: Omit<TierBehaviour, "mistakeRate" | "resolveRate">): TierBehaviour {
  const resolveRate = tierResolveRates[tier];
  return { mistakeRate: mistakeRateFor(resolveRate), resolveRate, ...rest };
}

export const tierBehaviour: Record<ModelTier, TierBehaviour> = {
  premium: behaviour("premium", { readBudget: 6, parallelCalls: 2, reasoningTokens: 160, latencySigma: 0.3 }),
  standard: behaviour("standard", { readBudget: 5, parallelCalls: 2, reasoningTokens: 0, latencySigma: 0.3 }),
  cheap: behaviour("cheap", { readBudget: 3, parallelCalls: 1, reasoningTokens: 0, latencySigma: 0.35 }),
  local: behaviour("local", { readBudget: 3, parallelCalls: 1, reasoningTokens: 0, latencySigma: 0.25 }),
};
