import { constants } from "node:fs";
import { access, realpath, stat } from "node:fs/promises";
import { z } from "zod";
import { type BudgetLimits, budgetLimitsSchema } from "../../core/budget-limits.js";
import { ConfigError } from "../../core/errors/index.js";
import { terminationPolicies, usageAnomalyPolicies } from "../../core/events/payload-schemas.js";
import { qualityLevels, routingPolicyInputSchema } from "../../core/routing-policy-schema.js";
import {
  defaultLimitsFor,
  type RoutingPolicy,
  type RoutingPolicyInput,
  resolveRoutingPolicy,
} from "../../policy/routing-policy.js";

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
    /** Absent: the quality level's default limits (see `defaultLimitsFor`). */
    limits: budgetLimitsSchema.optional(),
    /** The routing and reliability policy; merged over the runtime's default policy (from agentone.yaml). */
    policy: routingPolicyInputSchema.optional(),
    /** Shorthand for `policy.quality`. */
    quality: z.enum(qualityLevels).optional(),
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
    /**
     * `manual`: the run pauses after every step, and `executeNextStep` executes the next one (an IDE that
     * shows and confirms each step). `auto` (the default) runs the loop to an end or a wait.
     */
    stepping: z.enum(["auto", "manual"]).default("auto"),
    /** `stop` (the default) ends the run when a backend reports usage its request cannot explain. */
    onUsageAnomaly: z.enum(usageAnomalyPolicies).optional(),
    /**
     * Per-run caching switches: `models: false` neither reads nor writes model answers and plans, `tools:
     * false` does the same for tool outputs. Absent: both follow the runtime's settings.
     */
    cache: z
      .object({ models: z.boolean().default(true), tools: z.boolean().default(true) })
      .partial()
      .strict()
      .optional(),
  })
  .strict();

export type RunTask = z.input<typeof runTaskSchema>;
export type ValidatedRunTask = Omit<z.output<typeof runTaskSchema>, "limits" | "policy" | "quality"> & {
  limits: BudgetLimits;
  /** The resolved policy the run records and routes by. */
  policy: RoutingPolicy;
};

/**
 * Validates a task before anything is written: a ConfigError names the first offending key. The task's
 * policy is laid over `defaultPolicy` (the runtime's, from agentone.yaml) and resolved.
 */
export async function validateRunTask(
  task: RunTask,
  defaultPolicy: RoutingPolicyInput = {},
): Promise<ValidatedRunTask> {
  const parsed = runTaskSchema.safeParse(task);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const key = issue?.path.join(".") ?? "";
    throw new ConfigError(`invalid task: ${key || "(task)"}: ${issue?.message ?? "invalid"}`, { key });
  }
  const { quality, policy: taskPolicy, limits, ...rest } = parsed.data;
  const merged = { ...layerPolicies(defaultPolicy, taskPolicy ?? {}), ...(quality ? { quality } : {}) };
  const policy = resolvePolicy(merged);
  const workspace = await resolveWorkspace(rest.workspace);
  return { ...rest, workspace, policy, limits: limits ?? defaultLimitsFor(policy.quality) };
}

/**
 * The task's policy over the default, one level deep: a task that sets `retry.baseDelayMs` keeps the
 * default's other retry settings, and a task's `fallback.toLocal` keeps the default's chains. Lists
 * (rules, tier lists) are replaced whole.
 */
function layerPolicies(base: RoutingPolicyInput, over: RoutingPolicyInput): RoutingPolicyInput {
  const layered: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(over)) {
    const under = (base as Record<string, unknown>)[key];
    const isObject = (item: unknown) => typeof item === "object" && item !== null && !Array.isArray(item);
    layered[key] =
      isObject(value) && isObject(under) ? { ...(under as object), ...(value as object) } : value;
  }
  return layered as RoutingPolicyInput;
}

function resolvePolicy(input: RoutingPolicyInput): RoutingPolicy {
  try {
    return resolveRoutingPolicy(input);
  } catch (error) {
    const issue = (error as z.ZodError).issues?.[0];
    const key = ["policy", ...(issue?.path ?? [])].join(".");
    throw new ConfigError(`invalid policy: ${key}: ${issue?.message ?? String(error)}`, { key });
  }
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
