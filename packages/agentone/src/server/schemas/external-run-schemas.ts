import { z } from "zod";
import {
  externalDecisionInputSchema,
  externalFinishInputSchema,
  externalToolCallInputSchema,
  externalUsageInputSchema,
  ifNotAllowedActions,
  policyEvaluationInputSchema,
} from "../../engine/external-run/index.js";
import { runStatusSchema } from "./run-schemas.js";

// The request bodies are the engine's own input schemas (one definition, validated at the edge and again
// by the engine), named here for the OpenAPI document.

export const decisionRequestSchema = externalDecisionInputSchema.meta({ id: "ExternalDecisionRequest" });
export const usageRequestSchema = externalUsageInputSchema.meta({ id: "ExternalUsageReport" });
export const toolCallRequestSchema = externalToolCallInputSchema.meta({ id: "ExternalToolCall" });
export const finishRequestSchema = externalFinishInputSchema.meta({ id: "ExternalFinishRequest" });
export const policyEvaluationRequestSchema = policyEvaluationInputSchema.meta({
  id: "PolicyEvaluationRequest",
});

export const decisionSchema = z
  .object({
    allowed: z.boolean(),
    step: z.number().int().nullable().describe("The step the decision opened (null when refused)"),
    model: z.string().nullable(),
    tier: z.string().nullable(),
    maxOutputTokens: z.number().int().describe("Send the call with at most this many output tokens"),
    reason: z.string().describe("A stable reason code"),
    explanation: z.string(),
    reservationId: z.string().nullable().describe("Settle it with `POST /v1/runs/{id}/usage`"),
    reservedUsd: z.number().nullable(),
    ifNotAllowed: z
      .enum(ifNotAllowedActions)
      .describe("What to do if the step is refused: degrade, summarize, ask a human, or stop"),
    limitedBy: z.string().optional(),
    downgraded: z.boolean().optional(),
    predictedLatencyMs: z.number().optional(),
    latencySlaMs: z.number().optional(),
  })
  .meta({ id: "ExternalDecision" });

export const settlementSchema = z
  .object({
    reservationId: z.string(),
    step: z.number().int(),
    costUsd: z.number(),
    releasedUsd: z.number(),
    spentUsd: z.number().describe("The run's spend so far"),
    anomalies: z.array(z.unknown()),
    slaMet: z.boolean().optional(),
  })
  .meta({ id: "ExternalSettlement" });

export const toolCallRecordSchema = z
  .object({
    callId: z.string(),
    step: z.number().int(),
    toolCalls: z.object({ used: z.number().int(), limit: z.number().nullable() }),
  })
  .meta({ id: "ExternalToolCallRecord" });

export const runResultSchema = z
  .object({
    runId: z.string(),
    status: runStatusSchema,
    outcome: z.enum(["complete", "partial"]).nullable(),
    terminationReason: z.string().nullable(),
    answer: z.string().nullable(),
    costUsd: z.number(),
  })
  .meta({ id: "RunResult" });

export const policyEvaluationSchema = z
  .object({
    decision: z.object({
      allowed: z.boolean(),
      model: z.string().nullable(),
      tier: z.string().nullable(),
      maxOutputTokens: z.number().int(),
      hardStop: z.boolean(),
    }),
    reason: z.string(),
    explanation: z.string(),
    predictedLatencyMs: z.number().optional(),
    latencySlaMs: z.number().optional(),
    policyVersion: z.string(),
  })
  .meta({ id: "PolicyEvaluation" });
