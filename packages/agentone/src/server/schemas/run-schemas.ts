import { z } from "zod";
import { budgetLimitsSchema } from "../../core/budget-limits.js";
import { terminationPolicies, usageAnomalyPolicies } from "../../core/events/payload-schemas.js";
import { qualityLevels, routingPolicyInputSchema } from "../../core/routing-policy-schema.js";
import { runStatuses } from "../../core/run-status.js";

/**
 * `POST /v1/runs`: what `agentone run` takes, plus a priority, the mode (`managed`: AgentOne runs the loop;
 * `external`: the caller runs it and asks before each step) and manual stepping. Unknown fields are
 * refused by name.
 */
export const createRunRequestSchema = z
  .object({
    mode: z
      .enum(["managed", "external"])
      .default("managed")
      .describe(
        "`managed`: AgentOne runs the agent loop; `external`: the caller runs its own loop and asks `POST /v1/runs/{id}/decisions` before each step",
      ),
    goal: z.string().trim().min(1, "the goal is empty"),
    workspace: z.string().min(1).describe("A directory under one of the server's `server.workspaceRoots`"),
    limits: budgetLimitsSchema.optional().describe("Run limits, and per-step limits under `step`"),
    onExhaust: z
      .array(z.enum(["degrade", ...terminationPolicies]))
      .optional()
      .describe("What to do when a budget runs out: optionally `degrade`, then one termination policy"),
    quality: z.enum(qualityLevels).optional(),
    latencySlaMs: z
      .number()
      .int()
      .positive()
      .optional()
      .describe("A latency target for every step's model call (as `agentone run --sla-seconds`)"),
    policy: routingPolicyInputSchema.optional().describe("The routing policy over the server's default"),
    model: z.string().min(1).nullable().optional().describe("Use this model for every step"),
    seed: z.number().int().nonnegative().optional(),
    budgetPrompt: z.boolean().optional().describe("Show the remaining budget to the model (default true)"),
    temperature: z.number().min(0).max(2).optional(),
    onUsageAnomaly: z.enum(usageAnomalyPolicies).optional(),
    cache: z.object({ models: z.boolean(), tools: z.boolean() }).partial().strict().optional(),
    priority: z.number().int().min(-1000).max(1000).default(0).describe("Higher runs first when runs wait"),
    stepping: z
      .enum(["auto", "manual"])
      .optional()
      .describe(
        "Managed runs: `manual` executes nothing until `POST /v1/runs/{id}/step`, and pauses after every step",
      ),
    reservationTtlMs: z
      .number()
      .int()
      .positive()
      .optional()
      .describe(
        "External runs: how long a decision's reservation may stay unsettled before it is settled at its worst case",
      ),
  })
  .strict()
  .meta({ id: "CreateRunRequest" });

export type CreateRunRequest = z.infer<typeof createRunRequestSchema>;

export const runStatusSchema = z.enum(runStatuses);

/** Links a client follows from a run, so that it builds no URL itself. */
const runLinksSchema = z.object({
  self: z.string(),
  report: z.string(),
  cost: z.string(),
  events: z.string(),
});

export const runSummarySchema = z
  .object({
    id: z.string(),
    tenant: z.string(),
    goal: z.string(),
    workspace: z.string(),
    status: runStatusSchema,
    outcome: z.enum(["complete", "partial"]).nullable(),
    terminationReason: z.string().nullable(),
    parentRunId: z.string().nullable(),
    costUsd: z.number(),
    createdAt: z.string(),
    updatedAt: z.string(),
    links: runLinksSchema,
  })
  .meta({ id: "Run" });

export type RunSummary = z.infer<typeof runSummarySchema>;

export const runListSchema = z
  .object({
    runs: z.array(runSummarySchema),
    /** Pass as `cursor` for the next page; null on the last page. */
    nextCursor: z.string().nullable(),
  })
  .meta({ id: "RunList" });

export const runListQuerySchema = z
  .object({
    status: runStatusSchema.optional(),
    limit: z.coerce.number().int().min(1).max(200).default(50),
    cursor: z.string().min(1).optional(),
  })
  .strict();

/** The run report (see `agentone report --json`): cost, usage, decisions, SLA, cache and provenance. */
export const runReportSchema = z
  .object({ reportVersion: z.literal(1), runId: z.string(), status: runStatusSchema })
  .catchall(z.unknown())
  .meta({ id: "RunReport" });

export const runCostSchema = z
  .object({
    runId: z.string(),
    totalUsd: z.number(),
    totalTokens: z.object({ input: z.number(), cachedInput: z.number(), output: z.number() }),
    steps: z.array(
      z.object({
        step: z.number().int(),
        model: z.string(),
        inputTokens: z.number(),
        cachedInputTokens: z.number(),
        outputTokens: z.number(),
        usd: z.number(),
        latencyMs: z.number(),
      }),
    ),
  })
  .meta({ id: "RunCost" });

export const runEventsSchema = z
  .object({
    runId: z.string(),
    events: z.array(
      z
        .object({ seq: z.number().int(), type: z.string(), at: z.string() })
        .catchall(z.unknown())
        .meta({ id: "RunEvent" }),
    ),
  })
  .meta({ id: "RunEventList" });

export const runIdParamsSchema = z.object({
  id: z
    .string()
    .min(1)
    .meta({ param: { name: "id", in: "path" } }),
});

/** `POST /v1/runs` answered 202: the run executes in the background. */
export const acceptedRunCreateSchema = z.object({ run: runSummarySchema });

/** `POST /v1/runs?wait=N` answered 200: the run stopped (ended, or waits for a human) within the wait. */
export const stoppedRunCreateSchema = z.object({ run: runSummarySchema, report: runReportSchema });

export type RunReport = z.infer<typeof runReportSchema>;
export type RunCost = z.infer<typeof runCostSchema>;
export type RunList = z.infer<typeof runListSchema>;
export type RunListQuery = z.input<typeof runListQuerySchema>;
