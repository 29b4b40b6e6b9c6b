export {
  AgentOneError,
  type AgentOneErrorOptions,
  isAgentOneError,
  toAgentOneError,
} from "./agentone-error.js";
export { ApiProblemError } from "./api-problem-error.js";
export { BudgetExceededError } from "./budget-exceeded-error.js";
export { type ErrorCode, type ErrorKind, errorCodes } from "./error-codes.js";
export {
  type ReservationConflict,
  ReservationConflictError,
  RunNotOpenError,
} from "./external-run-errors.js";
export {
  type FailureKind,
  type FailureTraits,
  failureTraits,
  traitsOfFailure,
} from "./failure-traits.js";
export { ModelCallError, type ModelCallFailure } from "./model-call-error.js";
export {
  ConfigError,
  EventSchemaError,
  IntegrityError,
  InvalidStateTransitionError,
  KillSwitchTriggeredError,
  NotFoundError,
  StoreError,
  ToolError,
  type ToolErrorReason,
  UsageAnomalyError,
  UsageError,
} from "./other-errors.js";
export {
  ConflictError,
  type FieldProblem,
  ForbiddenError,
  PayloadTooLargeError,
  RequestInvalidError,
  UnauthenticatedError,
  UnavailableError,
  UnprocessableError,
} from "./request-errors.js";
