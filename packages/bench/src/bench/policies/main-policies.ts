import type { ModelTier, RoutingPolicyInput } from "agentone";
import type { BenchPolicy, PolicyContext, PolicyPlan } from "./bench-policy.js";

/**
 * Baselines pin one model, so every step (and every retry: a pinned run falls back only along a chain the
 * policy names) stays on that tier. They end with `best-effort`, because `summarize` would call the cheapest
 * model and so leave the tier.
 */
function pinnedTo(tier: ModelTier, context: PolicyContext): PolicyPlan {
  const model = context.modelForTier(tier);
  if (model === undefined) return { skip: `no ${tier} model among the bench's models` };
  return { stages: [{ model, onExhaust: ["best-effort"] }] };
}

function baseline(tier: ModelTier): BenchPolicy {
  return {
    name: `${tier}-only`,
    group: "baseline",
    description: `every step on the ${tier} model (pinned), best-effort at the budget`,
    plan: (context) => pinnedTo(tier, context),
  };
}

/** Plans and replans on premium, acts and answers on standard; no budget-driven or adaptive downgrades. */
const staticRouting: RoutingPolicyInput = {
  tiers: {
    plan: ["premium"],
    replan: ["premium"],
    act: ["standard"],
    final: ["standard"],
    summarize: ["cheap"],
  },
  lowBudgetFraction: 0,
  adaptiveBudget: false,
  fallback: { toLocal: false },
};

/**
 * The main comparison: four single-tier baselines, static routing by step kind, a cheap-then-premium
 * cascade, and AgentOne's default policy.
 *
 * The cascade runs in the harness rather than as a routing rule: a rule sees the step kind and the budget
 * left, not whether the run is failing, so "escalate on failure" cannot be written as one. The harness runs
 * the task on the cheap model; when that run ends without an answer (outcome `partial`: a budget, step
 * failures or a model error stopped it), it runs the task again from a fresh workspace on the premium model
 * and adds up both runs' cost, tokens, calls and latency. It never looks at the grade: a deployed cascade has
 * no grader.
 *
 * @example
 * ```ts
 * mainPolicies.map((policy) => policy.name);
 * // ["premium-only", "standard-only", "cheap-only", "local-only", "static-by-kind", "cascade", "agentone"]
 * ```
 */
export const mainPolicies: readonly BenchPolicy[] = [
  baseline("premium"),
  baseline("standard"),
  baseline("cheap"),
  baseline("local"),
  {
    name: "static-by-kind",
    group: "routing",
    description: "static tiers by step kind: plan and replan premium, act and final standard; best-effort",
    plan: () => ({ stages: [{ policy: staticRouting, onExhaust: ["best-effort"] }] }),
  },
  {
    name: "cascade",
    group: "routing",
    description:
      "cheap model first; the premium model from scratch when the cheap run ends without an answer",
    plan: (context) => {
      const cheap = pinnedTo("cheap", context);
      const premium = pinnedTo("premium", context);
      if ("skip" in cheap) return cheap;
      if ("skip" in premium) return premium;
      return { stages: [...cheap.stages, ...premium.stages] };
    },
    escalate: (stage) => stage.outcome !== "complete",
  },
  {
    name: "agentone",
    group: "routing",
    description: "AgentOne's default: balanced quality, adaptive routing, degrade to local, then summarize",
    plan: () => ({ stages: [{ quality: "balanced", onExhaust: ["degrade", "summarize"] }] }),
  },
];
