import { sha256Hex, stableJson } from "../../core/stable-json.js";

// Bumped whenever the key's layout changes, so plans stored under an old layout are never read back.
const keyLayoutVersion = 2;

/**
 * The key a plan is reused under: the goal exactly as given, the state of the whole workspace, the tools
 * the run offers, and what would write the plan (the model's wire id and its backend). Not the budget or
 * the sampling parameters: a plan is reused because the goal and the world it applies to are unchanged.
 * The model is in the key because a plan is only as good as what wrote it: a run moved from the simulator
 * to a real model must not be handed a simulated plan, nor a run pinned to a local model a premium one.
 *
 * @example
 * ```ts
 * const key = planCacheKey({ goal, workspaceFingerprint: await workspaceFingerprint({ root }),
 *   toolNames: ["read_file"], model: "gpt-4.1", backend: "openai" });
 * ```
 */
export function planCacheKey(input: {
  goal: string;
  workspaceFingerprint: string;
  toolNames: readonly string[];
  model: string;
  backend: string;
}): string {
  return sha256Hex(
    stableJson({
      layout: keyLayoutVersion,
      goal: input.goal,
      workspace: input.workspaceFingerprint,
      tools: [...input.toolNames],
      model: input.model,
      backend: input.backend,
    }),
  );
}
