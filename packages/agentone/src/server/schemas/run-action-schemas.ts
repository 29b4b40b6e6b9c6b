import { z } from "zod";
import { addableDimensions } from "../../core/budget-limits.js";
import { runSummarySchema } from "./run-schemas.js";

/** The body of `POST /v1/runs/{id}/approvals/{callId}/approve` and `.../deny`. */
export const approvalDecisionSchema = z
  .object({
    reason: z.string().max(10_000).optional().describe("Recorded; a denial's reason is what the model reads"),
  })
  .strict()
  .meta({ id: "ApprovalDecision" });

export type ApprovalDecision = z.infer<typeof approvalDecisionSchema>;

/** The body of `POST /v1/runs/{id}/resume`. */
export const resumeRequestSchema = z
  .object({
    input: z
      .string()
      .max(100_000)
      .optional()
      .describe("An instruction the model reads when the run continues"),
    add: z
      .object(Object.fromEntries(addableDimensions.map((dimension) => [dimension, z.number().positive()])))
      .partial()
      .strict()
      .optional()
      .describe("Budget to add per dimension (wall clock in milliseconds)"),
  })
  .strict()
  .meta({ id: "ResumeRequest" });

export type ResumeRequest = z.infer<typeof resumeRequestSchema>;

/** The answer of an action that continues a run in the background (approve, deny, resume). */
export const acceptedRunSchema = z.object({ run: runSummarySchema });

export type AcceptedRun = z.infer<typeof acceptedRunSchema>;

/** The answer of `POST /v1/runs/{id}/kill`. */
export const killResultSchema = z
  .object({
    run: runSummarySchema,
    result: z
      .enum(["ended-here", "signalled", "already-ended"])
      .describe(
        "`signalled`: the run stops before its next step; `ended-here`: it was not executing and is now killed",
      ),
  })
  .meta({ id: "KillResult" });

export type KillResult = z.infer<typeof killResultSchema>;
