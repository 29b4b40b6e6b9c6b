import { AgentOneError, type AgentOneErrorOptions } from "./agentone-error.js";

/** One field of a request that is wrong, by its path (`limits.usd`, `body`, `query.wait`). */
export interface FieldProblem {
  path: string;
  message: string;
}

/**
 * A request does not match its schema: malformed JSON, a wrong type, an unknown field. `details.errors`
 * names every offending field.
 */
export class RequestInvalidError extends AgentOneError {
  readonly errors: readonly FieldProblem[];
  constructor(message: string, errors: readonly FieldProblem[], options: AgentOneErrorOptions = {}) {
    super("REQUEST_INVALID", message, { ...options, details: { errors } });
    this.errors = errors;
  }
}

/** No credentials, or credentials that name no live key (unknown or revoked). */
export class UnauthenticatedError extends AgentOneError {
  constructor(message: string, options: AgentOneErrorOptions = {}) {
    super("UNAUTHENTICATED", message, options);
  }
}

/** The caller is known but its role may not do this (e.g. a member turning the global kill switch on). */
export class ForbiddenError extends AgentOneError {
  constructor(message: string, options: AgentOneErrorOptions = {}) {
    super("FORBIDDEN", message, options);
  }
}

/** The request is well formed but names something the server refuses (a workspace outside its roots). */
export class UnprocessableError extends AgentOneError {
  constructor(message: string, options: AgentOneErrorOptions & { details?: Record<string, unknown> } = {}) {
    super("UNPROCESSABLE", message, options);
  }
}

/** The resource is in a state that does not allow the request (an idempotency key reused for another body). */
export class ConflictError extends AgentOneError {
  constructor(message: string, options: AgentOneErrorOptions & { details?: Record<string, unknown> } = {}) {
    super("CONFLICT", message, options);
  }
}

/** The request body is larger than the server accepts. */
export class PayloadTooLargeError extends AgentOneError {
  constructor(limitBytes: number, options: AgentOneErrorOptions = {}) {
    super("PAYLOAD_TOO_LARGE", `the request body is larger than ${limitBytes} bytes`, {
      ...options,
      details: { limitBytes },
    });
  }
}

/** The server cannot serve now (shutting down, store unreachable); the request may be retried later. */
export class UnavailableError extends AgentOneError {
  constructor(message: string, options: AgentOneErrorOptions = {}) {
    super("UNAVAILABLE", message, { ...options, retryable: true });
  }
}
