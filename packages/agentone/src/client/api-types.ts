import type { z } from "zod";
import type { RunEvent } from "../core/events/run-event.js";
import type { healthSchema } from "../server/schemas/health-schemas.js";
import type {
  killSwitchRequestSchema,
  killSwitchStateSchema,
} from "../server/schemas/kill-switch-schemas.js";
import type {
  acceptedRunSchema,
  approvalDecisionSchema,
  killResultSchema,
  resumeRequestSchema,
} from "../server/schemas/run-action-schemas.js";
import type {
  acceptedRunCreateSchema,
  createRunRequestSchema,
  runCostSchema,
  runListQuerySchema,
  runListSchema,
  runReportSchema,
  runSummarySchema,
  stoppedRunCreateSchema,
} from "../server/schemas/run-schemas.js";

// The client's types are inferred from the schemas the server validates with and documents in its OpenAPI
// document: one definition, no copy to drift. Type-only imports: none of these modules is loaded at runtime.

/** The body of `POST /v1/runs` as a caller writes it (defaulted fields optional). */
export type CreateRunInput = z.input<typeof createRunRequestSchema>;
/** `POST /v1/runs` answered 202: the run executes in the background. */
export type AcceptedRunCreate = z.output<typeof acceptedRunCreateSchema>;
/** `POST /v1/runs` with a wait answered 200: the run stopped in time, and its report. */
export type StoppedRunCreate = z.output<typeof stoppedRunCreateSchema>;
export type RunSummary = z.output<typeof runSummarySchema>;
export type RunList = z.output<typeof runListSchema>;
/** The query of `GET /v1/runs` (the schema coerces strings; a caller passes numbers). */
export type RunListQuery = Partial<z.output<typeof runListQuerySchema>>;
export type RunReport = z.output<typeof runReportSchema>;
export type RunCost = z.output<typeof runCostSchema>;
export type ApprovalDecisionInput = z.input<typeof approvalDecisionSchema>;
export type ResumeInput = z.input<typeof resumeRequestSchema>;
export type AcceptedRun = z.output<typeof acceptedRunSchema>;
export type KillResult = z.output<typeof killResultSchema>;
export type KillSwitchInput = z.input<typeof killSwitchRequestSchema>;
export type KillSwitchState = z.output<typeof killSwitchStateSchema>;
export type Health = z.output<typeof healthSchema>;

/**
 * `GET /v1/runs/{id}/events` as JSON. The server sends each event as its run log stores it, so the events
 * carry the log's own type (core/events/run-event.ts, itself a zod schema), narrower than the document's.
 */
export interface RunEventList {
  runId: string;
  events: RunEvent[];
}

export type { RunEvent };
