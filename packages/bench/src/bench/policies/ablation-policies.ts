import type { RunTask } from "agentone";
import { defaultLimitsFor } from "agentone";
import type { BenchPolicy, PolicyContext, PolicyPlan, PolicyRunFields } from "./bench-policy.js";

type OnExhaust = NonNullable<RunTask["onExhaust"]>;

/** AgentOne's default termination: degrade to a local model when dollars run out, then summarize. */
const agentoneOnExhaust: OnExhaust = ["degrade", "summarize"];

/** Injected model-call faults for the 10% arm: rate limits (with a wait hint), server errors, cut streams. */
export const tenPercentFaults = "429:0.04,500:0.03,cut:0.03";

/** The budget fractions of the tight-budget ablation, as shares of the premium-only median cost. */
export const budgetFractions = [0.25, 0.5, 1] as const;

const terminations = {
  "hard-stop": ["hard-stop"],
  "best-effort": ["best-effort"],
  summarize: ["summarize"],
  degrade: agentoneOnExhaust,
} as const satisfies Record<string, OnExhaust>;

/**
 * The premium model under a dollar budget of `fraction` of the task's premium-only median cost (rounded to
 * whole nano-dollars). On the premium model such a budget binds, so how a run ends when it runs out is
 * exercised; AgentOne's own routing mostly stays under it and would show nothing.
 */
function premiumUnderReferenceBudget(
  context: PolicyContext,
  input: { fraction: number; fields: PolicyRunFields },
): PolicyPlan {
  const reference = context.referenceUsd;
  if (reference === null || reference <= 0)
    return { skip: "no premium-only reference cost for this task (every premium-only run cost nothing)" };
  const model = context.modelForTier("premium");
  if (model === undefined) return { skip: "no premium model among the bench's models" };
  const usd = Math.max(1e-9, Math.round(reference * input.fraction * 1e9) / 1e9);
  return { stages: [{ ...input.fields, model, limits: { ...defaultLimitsFor("balanced"), usd } }] };
}

function terminationPolicies(): BenchPolicy[] {
  return budgetFractions.flatMap((fraction) =>
    Object.entries(terminations).map(([name, onExhaust]) => ({
      name: `budget-${Math.round(fraction * 100)}-${name}`,
      group: "termination",
      description: `premium model, ${Math.round(fraction * 100)}% of the premium-only median cost, then ${name}`,
      referenceBudgetFraction: fraction,
      plan: (context: PolicyContext) =>
        premiumUnderReferenceBudget(context, { fraction, fields: { onExhaust: [...onExhaust] } }),
    })),
  );
}

function budgetPromptPolicies(): BenchPolicy[] {
  return [true, false].map((budgetPrompt) => ({
    name: `budget-prompt-${budgetPrompt ? "on" : "off"}`,
    group: "budget-prompt",
    description: `premium model, 50% of the premium-only median cost, budget-aware prompting ${budgetPrompt ? "on" : "off"}`,
    referenceBudgetFraction: 0.5,
    plan: (context: PolicyContext) =>
      premiumUnderReferenceBudget(context, {
        fraction: 0.5,
        fields: { onExhaust: [...agentoneOnExhaust], budgetPrompt },
      }),
  }));
}

function qualityPolicies(): BenchPolicy[] {
  return (["fast", "balanced", "thorough"] as const).map((quality) => ({
    name: `quality-${quality}`,
    group: "quality",
    description: `AgentOne's policy at quality ${quality} (its tiers, replanning, verification and default budget)`,
    plan: () => ({ stages: [{ quality, onExhaust: [...agentoneOnExhaust] }] }),
  }));
}

function faultPolicies(): BenchPolicy[] {
  return [
    { name: "faults-0", faults: "" },
    { name: "faults-10", faults: tenPercentFaults },
  ].map(({ name, faults }) => ({
    name,
    group: "faults",
    description:
      faults === ""
        ? "AgentOne's default policy, no injected faults"
        : `AgentOne's default policy, ${faults}`,
    faults,
    simulatedOnly: true,
    plan: () => ({ stages: [{ quality: "balanced" as const, onExhaust: [...agentoneOnExhaust] }] }),
  }));
}

function cachingPolicies(): BenchPolicy[] {
  return [false, true].map((enabled) => ({
    name: `cache-${enabled ? "on" : "off"}`,
    group: "caching",
    description: enabled
      ? "model and tool caches on; each (task, seed) runs twice against one store (cold, then warm)"
      : "model and tool caches off",
    passes: enabled ? 2 : 1,
    plan: () => ({
      stages: [
        {
          quality: "balanced" as const,
          onExhaust: [...agentoneOnExhaust],
          cache: { models: enabled, tools: enabled },
        },
      ],
    }),
  }));
}

/**
 * The ablations, by name: each is a set of policies that differ in one thing.
 *
 * - `termination`: the premium model under budgets of 25%, 50% and 100% of the task's premium-only median
 *   cost (a premium-only pass runs first), ending with hard-stop, best-effort, summarize, or degrade to a
 *   local model then summarize.
 * - `budget-prompt`: budget-aware prompting on and off, same setting at 50% (where the budget binds).
 * - `quality`: the fast, balanced and thorough presets.
 * - `faults`: 0% and 10% injected model-call faults (simulated models only).
 * - `caching`: model and tool caches off, and on with each (task, seed) run twice (cold, then warm).
 *
 * @example
 * ```ts
 * ablationPolicies.quality.map((policy) => policy.name); // ["quality-fast", "quality-balanced", "quality-thorough"]
 * ```
 */
export const ablationPolicies: Readonly<Record<string, readonly BenchPolicy[]>> = {
  termination: terminationPolicies(),
  "budget-prompt": budgetPromptPolicies(),
  quality: qualityPolicies(),
  faults: faultPolicies(),
  caching: cachingPolicies(),
};
