import { constants } from "node:fs";
import { access, realpath, stat } from "node:fs/promises";
import { z } from "zod";
import { budgetLimitsSchema, defaultBudgetLimits } from "../core/budget-limits.js";
import { ConfigError } from "../core/errors/index.js";
import { terminationPolicies } from "../core/events/payload-schemas.js";

/**
 * A task handed to the runtime: the goal, the workspace it acts on, and how it is governed.
 *
 * @example
 * ```ts
 * const task: RunTask = { goal: "Triage the CI failure in ci.log", workspace: "examples/ci-failure",
 *   limits: { usd: 0.25, toolCalls: 20 }, onExhaust: ["summarize"] };
 * ```
 */
export const runTaskSchema = z
  .object({
    goal: z.string().trim().min(1, "the goal is empty"),
    workspace: z.string().min(1, "no workspace given"),
    limits: budgetLimitsSchema.default(defaultBudgetLimits),
    /** Ordered: `degrade` (allow local models when dollars run out), then one termination policy. */
    onExhaust: z
      .array(z.enum(["degrade", ...terminationPolicies]))
      .default(["summarize"])
      .refine(
        (entries) => entries.filter((entry) => entry !== "degrade").length <= 1,
        "name at most one termination policy",
      ),
    model: z.string().nullable().default(null),
    seed: z.number().int().nonnegative().default(0),
    budgetPrompt: z.boolean().default(true),
    temperature: z.number().min(0).max(2).default(0),
    warnAt: z.number().gt(0).max(1).default(0.8),
  })
  .strict();

export type RunTask = z.input<typeof runTaskSchema>;
export type ValidatedRunTask = z.output<typeof runTaskSchema>;

/** Validates a task before anything is written: a ConfigError names the first offending key. */
export async function validateRunTask(task: RunTask): Promise<ValidatedRunTask> {
  const parsed = runTaskSchema.safeParse(task);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const key = issue?.path.join(".") ?? "";
    throw new ConfigError(`invalid task: ${key || "(task)"}: ${issue?.message ?? "invalid"}`, { key });
  }
  const workspace = await resolveWorkspace(parsed.data.workspace);
  return { ...parsed.data, workspace };
}

async function resolveWorkspace(path: string): Promise<string> {
  try {
    const resolved = await realpath(path);
    if (!(await stat(resolved)).isDirectory())
      throw new ConfigError(`workspace '${path}' is not a directory`, { key: "workspace" });
    await access(resolved, constants.R_OK | constants.X_OK);
    return resolved;
  } catch (error) {
    if (error instanceof ConfigError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    const why =
      code === "ENOENT"
        ? "does not exist"
        : code === "EACCES"
          ? "is not readable"
          : `cannot be opened (${code ?? String(error)})`;
    throw new ConfigError(`workspace '${path}' ${why}`, { key: "workspace" });
  }
}
