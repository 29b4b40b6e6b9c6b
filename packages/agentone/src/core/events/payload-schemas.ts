import { z } from "zod";
import { budgetDimensions } from "../budget-dimension.js";
import { budgetLimitsSchema } from "../budget-limits.js";
import { routingPolicyInputSchema } from "../routing-policy-schema.js";
import { runStatuses } from "../run-status.js";

/** Shared pieces of event payloads. */

export const stepKinds = ["plan", "act", "replan", "final", "summarize"] as const;
export type StepKind = (typeof stepKinds)[number];

export const terminationPolicies = ["summarize", "best-effort", "ask-human", "hard-stop"] as const;
export type TerminationPolicy = (typeof terminationPolicies)[number];

export const toolCallSchema = z.object({ id: z.string(), name: z.string(), arguments: z.string() });

export const messageSchema = z.discriminatedUnion("role", [
  z.object({ role: z.literal("system"), content: z.string() }),
  z.object({ role: z.literal("user"), content: z.string() }),
  z.object({
    role: z.literal("assistant"),
    content: z.string(),
    toolCalls: z.array(toolCallSchema).optional(),
  }),
  z.object({
    role: z.literal("tool"),
    toolCallId: z.string(),
    toolName: z.string(),
    content: z.string(),
    isError: z.boolean().optional(),
  }),
]);

export const tokenUsageSchema = z.object({
  inputTokens: z.number().int(),
  cachedInputTokens: z.number().int(),
  cacheWriteTokens: z.number().int(),
  outputTokens: z.number().int(),
  reasoningTokens: z.number().int(),
});

/** A settlement whose reported usage the request cannot explain (see `budget/usage-anomaly.ts`). */
export const usageAnomalySchema = z.object({
  kind: z.enum(["output_over_max", "input_over_estimate"]),
  reported: z.number().int(),
  allowed: z.number().int(),
});

/** What a run does when a backend reports usage its request cannot explain. */
export const usageAnomalyPolicies = ["stop", "warn"] as const;

/** Budget amounts in ledger units (money in nano-dollars). */
export const budgetAmountSchema = z
  .object({
    nanoUsd: z.number().int(),
    inputTokens: z.number().int(),
    outputTokens: z.number().int(),
    toolCalls: z.number().int(),
    modelCalls: z.number().int(),
    steps: z.number().int(),
    retries: z.number().int(),
  })
  .partial();

export const decisionSchema = z.object({
  allowed: z.boolean(),
  model: z.string(),
  tier: z.string(),
  maxOutputTokens: z.number().int(),
  reason: z.string(),
  explanation: z.string(),
  limitedBy: z.enum(["usd", "tokens"]).optional(),
  preferredModel: z.string().optional(),
  preferredTier: z.string().optional(),
  downgraded: z.boolean().optional(),
  predictedLatencyMs: z.number().optional(),
  latencySlaMs: z.number().optional(),
  slaViolationPrevented: z.boolean().optional(),
  shareNanoUsd: z.number().optional(),
});

export const runOptionsSchema = z.object({
  limits: budgetLimitsSchema,
  onExhaust: z.array(z.enum(["degrade", ...terminationPolicies])),
  model: z.string().nullable(),
  seed: z.number().int(),
  budgetPrompt: z.boolean(),
  warnAt: z.number(),
  temperature: z.number(),
  /** The resolved routing policy; absent in logs written before policies existed (the default applies). */
  policy: routingPolicyInputSchema.optional(),
  /** Per-run caching switches (absent: the runtime's settings apply to both). */
  cache: z.object({ models: z.boolean(), tools: z.boolean() }).partial().optional(),
  /** What an anomalous usage report does (absent in older logs: `stop`). */
  onUsageAnomaly: z.enum(usageAnomalyPolicies).optional(),
  /**
   * Set on an external run (the caller runs its own loop; AgentOne decides and keeps the books, see
   * `engine/external-run/`): how long a reservation may stay unsettled. Absent: a managed run.
   */
  external: z.object({ reservationTtlMs: z.number().int().positive() }).optional(),
  /** `manual`: the run pauses after every step (`executeNextStep`). Absent: `auto`, as in older logs. */
  stepping: z.enum(["auto", "manual"]).optional(),
});

/**
 * How a model turn was answered, on `model-call-end`: from the response cache or a reused plan (`hit`,
 * naming the run and step that paid for it and what that cost), or by the model (`miss`: looked up, not
 * found, stored afterwards; `bypass`: not looked up, and why). Absent in logs written before caching.
 */
export const cacheRecordSchema = z.discriminatedUnion("status", [
  z.object({
    status: z.literal("hit"),
    layer: z.enum(["model", "plan"]),
    key: z.string(),
    sourceRunId: z.string().nullable(),
    sourceStep: z.number().int().nullable(),
    savedNanoUsd: z.number().int(),
    savedMs: z.number(),
    savedUsage: tokenUsageSchema,
  }),
  z.object({ status: z.literal("miss"), layer: z.literal("model"), key: z.string() }),
  z.object({ status: z.literal("bypass"), layer: z.literal("model"), reason: z.string() }),
]);

/**
 * A model call a tool made while it ran (e.g. `summarize_document`), charged to the run's budget like any
 * other call but not part of the conversation: which tool call made it, why, and its place among that
 * call's nested calls. The requested output ceiling is kept because the ledger may clamp the one sent.
 */
export const nestedCallSchema = z.object({
  tool: z.string(),
  toolCallId: z.string(),
  purpose: z.string(),
  /** 0 for the tool call's first nested call, then 1, 2, ... (retries of one call share its index). */
  index: z.number().int(),
  maxOutputTokens: z.number().int(),
});
export type NestedCall = z.infer<typeof nestedCallSchema>;

export const artifactsSchema = z.object({
  changedFiles: z.array(z.string()),
  diff: z.string(),
});

export const dimensionSchema = z.enum(budgetDimensions);
export const scopeSchema = z.enum(["run", "step"]);
export const statusSchema = z.enum(runStatuses);
export const stepKindSchema = z.enum(stepKinds);
