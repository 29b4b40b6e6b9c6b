export { createExternalRun } from "./create-external-run.js";
export { decideExternalStep } from "./decide-external-step.js";
export { evaluatePolicy, type PolicyEvaluation } from "./evaluate-policy.js";
export type { ExternalDecision } from "./external-decision.js";
export {
  defaultReservationTtlMs,
  type ExternalDecisionInput,
  type ExternalFinishInput,
  type ExternalRunTask,
  type ExternalToolCallInput,
  type ExternalUsageInput,
  externalDecisionInputSchema,
  externalFinishInputSchema,
  externalRunTaskSchema,
  externalTokenUsageSchema,
  externalToolCallInputSchema,
  externalUsageInputSchema,
  type PolicyEvaluationInput,
  policyEvaluationInputSchema,
  priorities,
} from "./external-run-inputs.js";
export { finishExternalRun } from "./finish-external-run.js";
export { type IfNotAllowed, ifNotAllowedActions } from "./if-not-allowed.js";
export { type ExternalToolCallRecord, recordExternalToolCall } from "./record-external-tool-call.js";
export { type ExternalSettlement, settleExternalUsage } from "./settle-external-usage.js";
