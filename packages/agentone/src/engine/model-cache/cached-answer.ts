import { z } from "zod";
import type { FinishReason } from "../../backends/model-backend.js";
import { tokenUsageSchema, toolCallSchema } from "../../core/events/payload-schemas.js";

const finishReasons = [
  "stop",
  "length",
  "tool-calls",
  "content-filter",
  "refusal",
  "other",
] as const satisfies readonly FinishReason[];

/**
 * A model answer as the response cache keeps it: the answer itself, plus what producing it cost and how
 * long it took, so a hit can say what it saved.
 */
export const cachedModelAnswerSchema = z.object({
  model: z.string(),
  modelVersion: z.string(),
  backend: z.string(),
  text: z.string(),
  toolCalls: z.array(toolCallSchema),
  finishReason: z.enum(finishReasons),
  usage: tokenUsageSchema,
  costNanoUsd: z.number().int(),
  latencyMs: z.number(),
  warnings: z.array(
    z.object({ type: z.literal("unsupported"), feature: z.string(), detail: z.string().optional() }),
  ),
  provenance: z.record(z.string(), z.string()),
});
export type CachedModelAnswer = z.output<typeof cachedModelAnswerSchema>;

/** A plan kept for reuse: its text, who wrote it, and what writing it cost. */
export const cachedPlanSchema = cachedModelAnswerSchema.pick({
  model: true,
  modelVersion: true,
  backend: true,
  text: true,
  usage: true,
  costNanoUsd: true,
  latencyMs: true,
  provenance: true,
});
export type CachedPlan = z.output<typeof cachedPlanSchema>;
