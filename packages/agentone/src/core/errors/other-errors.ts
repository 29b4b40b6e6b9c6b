import { AgentOneError, type AgentOneErrorOptions } from "./agentone-error.js";

/** The kill switch (for one run, or global) fired. */
export class KillSwitchTriggeredError extends AgentOneError {
  readonly scope: "run" | "global";
  constructor(scope: "run" | "global", options: AgentOneErrorOptions = {}) {
    const message =
      scope === "global"
        ? "the global kill switch is on (`agentone kill --off` re-arms it)"
        : "the run's kill switch was triggered";
    super("KILL_SWITCH_TRIGGERED", message, { ...options, details: { scope } });
    this.scope = scope;
  }
}

/** A run was asked to move between two states the state machine does not connect. */
export class InvalidStateTransitionError extends AgentOneError {
  constructor(from: string, to: string, options: AgentOneErrorOptions = {}) {
    super("INVALID_STATE_TRANSITION", `a run cannot go from '${from}' to '${to}'`, {
      ...options,
      details: { from, to },
    });
  }
}

/** Reasons a tool refuses or fails; the model sees them as an observation. */
export type ToolErrorReason =
  | "invalid_arguments"
  | "path_outside_workspace"
  | "not_found"
  | "not_a_file"
  | "not_a_directory"
  | "too_large"
  | "patch_rejected"
  | "unknown_tool"
  | "timeout"
  | "budget_exhausted"
  | "command_not_allowed"
  | "host_not_allowed"
  | "address_refused"
  | "unsupported_format"
  | "denied"
  | "failed";

/** A tool call failed or was refused. The message is written for the model to read. */
export class ToolError extends AgentOneError {
  readonly reason: ToolErrorReason;
  constructor(reason: ToolErrorReason, message: string, options: AgentOneErrorOptions = {}) {
    super("TOOL_ERROR", message, { ...options, details: { reason } });
    this.reason = reason;
  }
}

/** Configuration is invalid; `key` names the offending setting. */
export class ConfigError extends AgentOneError {
  constructor(message: string, options: AgentOneErrorOptions & { key?: string } = {}) {
    super("CONFIG_ERROR", message, { ...options, details: { key: options.key } });
  }
}

/** The command line was used wrongly. */
export class UsageError extends AgentOneError {
  constructor(message: string, options: AgentOneErrorOptions = {}) {
    super("USAGE_ERROR", message, options);
  }
}

/** A run (or another resource) does not exist. */
export class NotFoundError extends AgentOneError {
  constructor(resource: string, id: string, options: AgentOneErrorOptions = {}) {
    super("NOT_FOUND", `no ${resource} '${id}'`, { ...options, details: { resource, id } });
  }
}

/** An event failed validation, or carries a schema version this build cannot read. */
export class EventSchemaError extends AgentOneError {
  constructor(message: string, options: AgentOneErrorOptions & { details?: Record<string, unknown> } = {}) {
    super("EVENT_SCHEMA_ERROR", message, options);
  }
}

/** The store could not be opened or written. */
export class StoreError extends AgentOneError {
  constructor(message: string, options: AgentOneErrorOptions & { details?: Record<string, unknown> } = {}) {
    super("STORE_ERROR", message, options);
  }
}

/** A backend reported usage its request cannot explain (see `budget/usage-anomaly.ts`); the run stops. */
export class UsageAnomalyError extends AgentOneError {
  constructor(message: string, options: AgentOneErrorOptions & { details?: Record<string, unknown> } = {}) {
    super("USAGE_ANOMALY", message, options);
  }
}

/**
 * Stored history no longer agrees with itself: a broken event hash chain, or a run row or ledger row that
 * contradicts the events. `details.table` and `details.seq` name the first place found.
 */
export class IntegrityError extends AgentOneError {
  constructor(message: string, options: AgentOneErrorOptions & { details?: Record<string, unknown> } = {}) {
    super("INTEGRITY_ERROR", message, options);
  }
}

/** The service cannot take the request now (it is shutting down); the same request may succeed later. */
export class UnavailableError extends AgentOneError {
  constructor(message: string, options: AgentOneErrorOptions = {}) {
    super("UNAVAILABLE", message, options);
  }
}
