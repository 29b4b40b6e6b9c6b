import { sha256Hex, stableJson } from "../../core/stable-json.js";

// Bumped whenever the key's layout changes, so plans stored under an old layout are never read back.
const keyLayoutVersion = 1;

/**
 * The key a plan is reused under: the goal exactly as given, the state of the whole workspace, and the
 * tools the run offers. Not the model, the budget or the sampling parameters: a plan is reused precisely
 * because the goal and the world it applies to are unchanged.
 *
 * @example
 * ```ts
 * const key = planCacheKey({ goal, workspaceFingerprint: await workspaceFingerprint({ root }), toolNames: ["read_file"] });
 * ```
 */
export function planCacheKey(input: {
  goal: string;
  workspaceFingerprint: string;
  toolNames: readonly string[];
}): string {
  return sha256Hex(
    stableJson({
      layout: keyLayoutVersion,
      goal: input.goal,
      workspace: input.workspaceFingerprint,
      tools: [...input.toolNames],
    }),
  );
}
