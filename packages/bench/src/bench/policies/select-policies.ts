import { UsageError } from "agentone";
import { ablationPolicies } from "./ablation-policies.js";
import type { BenchPolicy } from "./bench-policy.js";
import { mainPolicies } from "./main-policies.js";

/** The policies `--quick` compares when none are named: the cheapest priced baseline and AgentOne's default. */
export const quickPolicyNames = ["cheap-only", "agentone"] as const;

/**
 * Every policy the bench knows, main comparison first, then each ablation's arms.
 *
 * @example
 * ```ts
 * allPolicies().find((policy) => policy.name === "cascade")?.description;
 * ```
 */
export function allPolicies(): BenchPolicy[] {
  return [...mainPolicies, ...Object.values(ablationPolicies).flat()];
}

function unknownNames(kind: string, unknown: readonly string[], known: readonly string[]): UsageError {
  return new UsageError(`unknown ${kind} ${unknown.join(", ")}; known ${kind}s: ${known.join(", ")}`);
}

/**
 * The policies a bench runs: those named, plus every arm of each named ablation (`all` names every
 * ablation), without duplicates and in the catalogue's order. Nothing named: the main comparison, or the
 * quick pair with `quick`. An unknown name is a UsageError listing the known ones.
 *
 * @example
 * ```ts
 * selectPolicies({ names: ["cheap-only"], ablations: ["quality"], quick: false }).map((policy) => policy.name);
 * // ["cheap-only", "quality-fast", "quality-balanced", "quality-thorough"]
 * ```
 */
export function selectPolicies(options: {
  names?: readonly string[];
  ablations?: readonly string[];
  quick?: boolean;
}): BenchPolicy[] {
  const catalogue = allPolicies();
  const names = options.names ?? [];
  const unknownPolicies = names.filter((name) => !catalogue.some((policy) => policy.name === name));
  if (unknownPolicies.length > 0)
    throw unknownNames(
      "policy",
      unknownPolicies,
      catalogue.map((policy) => policy.name),
    );
  const ablationNames = Object.keys(ablationPolicies);
  const ablations = (options.ablations ?? []).flatMap((name) => (name === "all" ? ablationNames : [name]));
  const unknownAblations = ablations.filter((name) => !ablationNames.includes(name));
  if (unknownAblations.length > 0)
    throw unknownNames("ablation", unknownAblations, [...ablationNames, "all"]);
  const wanted = new Set([
    ...names,
    ...ablations.flatMap((name) => ablationPolicies[name] ?? []).map((policy) => policy.name),
  ]);
  if (wanted.size === 0) {
    const defaults = options.quick ? quickPolicyNames : mainPolicies.map((policy) => policy.name);
    for (const name of defaults) wanted.add(name);
  }
  return catalogue.filter((policy) => wanted.has(policy.name));
}
