import { type BudgetLimits, defaultBudgetLimits } from "../core/budget-limits.js";
import type { StepKind } from "../core/events/payload-schemas.js";
import type { ModelTier } from "../core/model-tiers.js";
import {
  type QualityLevel,
  type RoutingPolicyInput,
  type RoutingRule,
  routingPolicyInputSchema,
} from "../core/routing-policy-schema.js";

export {
  type QualityLevel,
  qualityLevels,
  type RoutingPolicyInput,
  type RoutingRule,
  routingPolicyInputSchema,
  routingRuleSchema,
} from "../core/routing-policy-schema.js";

/** The resolved policy a run records in its `run-start` event and routes by. */
export interface RoutingPolicy {
  quality: QualityLevel;
  tiers: Record<StepKind, ModelTier[]>;
  lowBudgetFraction: number;
  latencySlaMs: Partial<Record<StepKind, number>>;
  replanEvery: number;
  verifyAfterEdit: boolean;
  adaptiveBudget: boolean;
  maxToolCallsPerTurn: number;
  fallback: { chains: Record<string, string[]>; toLocal: boolean; attemptsPerModel: number };
  retry: { baseDelayMs: number; maxDelayMs: number; maxServerWaitMs: number; maxAttemptsPerStep: number };
  rules: RoutingRule[];
}

/**
 * Tool calls one turn may ask for unless the policy says otherwise: far above what a task needs in one
 * turn, far below the thousands a runaway or hostile model can emit.
 */
export const defaultMaxToolCallsPerTurn = 128;

type Preset = Pick<RoutingPolicy, "tiers" | "replanEvery" | "verifyAfterEdit">;

/**
 * Quality presets: tier preferences, how often to replan, and whether edits must be verified. `fast`
 * leans on cheap models and never replans on a schedule; `thorough` plans and acts on the strongest
 * tiers, replans twice as often and runs the tests before answering.
 */
export const qualityPresets: Record<QualityLevel, Preset> = {
  fast: {
    tiers: {
      plan: ["standard", "cheap"],
      replan: ["standard", "cheap"],
      act: ["cheap", "standard"],
      final: ["cheap", "standard"],
      summarize: ["cheap", "standard"],
    },
    replanEvery: 0,
    verifyAfterEdit: false,
  },
  balanced: {
    tiers: {
      plan: ["premium", "standard", "cheap"],
      replan: ["premium", "standard", "cheap"],
      act: ["standard", "cheap"],
      final: ["standard", "cheap"],
      summarize: ["cheap", "standard", "premium"],
    },
    replanEvery: 8,
    verifyAfterEdit: false,
  },
  thorough: {
    tiers: {
      plan: ["premium", "standard"],
      replan: ["premium", "standard"],
      act: ["standard", "premium", "cheap"],
      final: ["premium", "standard"],
      summarize: ["cheap", "standard", "premium"],
    },
    replanEvery: 4,
    verifyAfterEdit: true,
  },
};

/**
 * Fills a written policy in: the quality level's preset first, then anything the policy states itself.
 *
 * @example
 * ```ts
 * const policy = resolveRoutingPolicy({ quality: "fast", latencySlaMs: { act: 8000 } });
 * policy.tiers.act; // ["cheap", "standard"]
 * ```
 */
export function resolveRoutingPolicy(input: RoutingPolicyInput = {}): RoutingPolicy {
  const parsed = routingPolicyInputSchema.parse(input);
  const quality = parsed.quality ?? "balanced";
  const preset = qualityPresets[quality];
  return {
    quality,
    // Copies, so that changing a resolved policy never changes the preset.
    tiers: Object.fromEntries(
      Object.entries({ ...preset.tiers, ...parsed.tiers }).map(([kind, tiers]) => [kind, [...tiers]]),
    ) as RoutingPolicy["tiers"],
    lowBudgetFraction: parsed.lowBudgetFraction ?? 0.2,
    latencySlaMs: { ...parsed.latencySlaMs },
    replanEvery: parsed.replanEvery ?? preset.replanEvery,
    verifyAfterEdit: parsed.verifyAfterEdit ?? preset.verifyAfterEdit,
    adaptiveBudget: parsed.adaptiveBudget ?? true,
    maxToolCallsPerTurn: parsed.maxToolCallsPerTurn ?? defaultMaxToolCallsPerTurn,
    fallback: {
      chains: parsed.fallback?.chains ?? {},
      toLocal: parsed.fallback?.toLocal ?? true,
      attemptsPerModel: parsed.fallback?.attemptsPerModel ?? 3,
    },
    retry: {
      baseDelayMs: parsed.retry?.baseDelayMs ?? 500,
      maxDelayMs: parsed.retry?.maxDelayMs ?? 30_000,
      maxServerWaitMs: parsed.retry?.maxServerWaitMs ?? 60_000,
      // A run without a retry budget must still give up on a dead backend.
      maxAttemptsPerStep: parsed.retry?.maxAttemptsPerStep ?? 10,
    },
    rules: structuredClone(parsed.rules ?? []),
  };
}

/** Default budgets per quality level, used when a run names no limit at all. */
export const qualityBudgets: Record<QualityLevel, { usd: number; steps: number }> = {
  fast: { usd: 0.5, steps: 25 },
  balanced: { usd: 2, steps: 50 },
  thorough: { usd: 5, steps: 80 },
};

/** The default limits of a run at this quality level: the defaults, with the level's dollars and steps. */
export function defaultLimitsFor(quality: QualityLevel = "balanced"): BudgetLimits {
  return { ...defaultBudgetLimits, ...qualityBudgets[quality] };
}
