import type { GitRepository } from "./git-repository.js";

/** Who commits when the repository and the user's git config name nobody. */
export const fallbackIdentity = { name: "AgentOne", email: "agentone@localhost" } as const;

async function isConfigured(git: GitRepository, key: string): Promise<boolean> {
  const result = await git.run(["config", "--get", key]);
  return result.exitCode === 0 && result.stdout.trim().length > 0;
}

/**
 * `-c` options that supply `AgentOne <agentone@localhost>` for whichever of `user.name` and
 * `user.email` git's configuration lacks, so a commit never fails (or guesses an address from the host
 * name) for want of an identity, and a configured identity is never overridden.
 *
 * @example
 * ```ts
 * await identityOptions(git); // ["-c", "user.name=AgentOne", "-c", "user.email=agentone@localhost"]
 * ```
 */
export async function identityOptions(git: GitRepository): Promise<string[]> {
  const options: string[] = [];
  if (!(await isConfigured(git, "user.name"))) options.push("-c", `user.name=${fallbackIdentity.name}`);
  if (!(await isConfigured(git, "user.email"))) options.push("-c", `user.email=${fallbackIdentity.email}`);
  return options;
}
