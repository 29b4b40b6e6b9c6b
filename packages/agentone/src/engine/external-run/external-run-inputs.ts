import { z } from "zod";
import { stepKinds } from "../../core/events/payload-schemas.js";
import { modelTiers } from "../../core/model-tiers.js";
import { runTaskSchema } from "../lifecycle/run-task.js";

/** How long a reservation may stay unsettled when the run does not say: long enough for a slow model. */
export const defaultReservationTtlMs = 15 * 60 * 1000;

/**
 * The task of an external run: everything a managed run takes, plus how long a reservation may stay
 * unsettled before it is settled at its worst case.
 */
export const externalRunTaskSchema = runTaskSchema.extend({
  reservationTtlMs: z.number().int().positive().optional(),
});
export type ExternalRunTask = z.input<typeof externalRunTaskSchema>;

/** A request for the next step's decision (`decideExternalStep`). */
export const externalDecisionInputSchema = z.strictObject({
  stepKind: z.enum(stepKinds),
  /** The size of the request the caller is about to send, in tokens. */
  estimatedInputTokens: z.number().int().nonnegative(),
  /** The step's latency target; overrides the run policy's SLA for this step kind. */
  latencySlaMs: z.number().int().positive().optional(),
  /** A catalog model to use (routed like a run's pinned model: it must fit the budget and the window). */
  model: z.string().min(1).optional(),
  /** A tier to route within, when no model is named. */
  tier: z.enum(modelTiers).optional(),
  /** An output ceiling below routing's (the budget may clamp it further). */
  maxOutputTokens: z.number().int().positive().optional(),
});
export type ExternalDecisionInput = z.input<typeof externalDecisionInputSchema>;

/** The usage a model call reported, as the provider's response gave it. */
export const externalTokenUsageSchema = z.strictObject({
  inputTokens: z.number().int().nonnegative(),
  outputTokens: z.number().int().nonnegative(),
  cachedInputTokens: z.number().int().nonnegative().default(0),
  cacheWriteTokens: z.number().int().nonnegative().default(0),
  reasoningTokens: z.number().int().nonnegative().default(0),
});

/** A usage report that settles one reservation (`settleExternalUsage`). */
export const externalUsageInputSchema = z.strictObject({
  reservationId: z.string().min(1),
  usage: externalTokenUsageSchema,
  /** How long the call took, milliseconds (its step's SLA outcome is measured on it). */
  latencyMs: z.number().nonnegative(),
  /** The catalog model that answered, when not the one decided (it is priced at its own rates). */
  modelId: z.string().min(1).optional(),
  /** The provider's exact model version, for the record. */
  modelVersion: z.string().min(1).optional(),
});
export type ExternalUsageInput = z.input<typeof externalUsageInputSchema>;

/** A tool call the caller's loop makes (`recordExternalToolCall`). */
export const externalToolCallInputSchema = z.strictObject({
  tool: z.string().min(1),
  /** The arguments, as text (JSON usually). */
  arguments: z.string().default(""),
  /** What the tool returned (kept in the log; omit to keep nothing). */
  output: z.string().default(""),
  isError: z.boolean().default(false),
  durationMs: z.number().nonnegative().default(0),
});
export type ExternalToolCallInput = z.input<typeof externalToolCallInputSchema>;

/** How an external run ends (`finishExternalRun`): with its answer, or with a partial result. */
export const externalFinishInputSchema = z.union([
  z.strictObject({ answer: z.string() }),
  z.strictObject({ partial: z.string() }),
]);
export type ExternalFinishInput = z.input<typeof externalFinishInputSchema>;

/** Priorities a caller may give; none bypasses a budget (they order queues, not books). */
export const priorities = ["low", "normal", "high", "critical"] as const;

/** The stateless policy question (`evaluatePolicy`): the caller keeps its own books. */
export const policyEvaluationInputSchema = z
  .strictObject({
    stepKind: z.enum(stepKinds),
    /** Dollars left of the caller's budget. */
    remainingBudget: z.number().nonnegative(),
    /** The caller's whole budget, dollars. */
    totalBudget: z.number().positive(),
    latencySlaMs: z.number().int().positive().optional(),
    priority: z.enum(priorities).default("normal"),
    /** The request's size in tokens (default 1,000). */
    estimatedInputTokens: z.number().int().nonnegative().default(1000),
  })
  .refine((input) => input.remainingBudget <= input.totalBudget, {
    message: "the remaining budget exceeds the total budget",
    path: ["remainingBudget"],
  });
export type PolicyEvaluationInput = z.input<typeof policyEvaluationInputSchema>;
