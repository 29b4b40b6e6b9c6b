import { type ErrorCode, errorCodes } from "./error-codes.js";

const marker = Symbol.for("agentone.error");

export interface AgentOneErrorOptions {
  cause?: unknown;
  retryable?: boolean;
  runId?: string;
}

/**
 * Base of AgentOne's error hierarchy: a stable `code`, structured `details`, and a `retryable` flag.
 *
 * @example
 * ```ts
 * try { await runAgent(runtime, task); } catch (error) {
 *   if (isAgentOneError(error)) console.error(error.code, error.details);
 * }
 * ```
 */
export class AgentOneError extends Error {
  readonly [marker] = true;
  readonly code: ErrorCode;
  readonly details: Record<string, unknown>;
  readonly retryable: boolean;
  runId: string | undefined;

  constructor(
    code: ErrorCode,
    message: string,
    options: AgentOneErrorOptions & { details?: Record<string, unknown> } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.details = options.details ?? {};
    this.retryable = options.retryable ?? false;
    this.runId = options.runId;
  }

  get exitCode(): number {
    return errorCodes[this.code].exitCode;
  }

  toJSON(): Record<string, unknown> {
    return { name: this.name, code: this.code, message: this.message, details: this.details };
  }
}

/** Identity check that survives duplicated module copies (no bare `instanceof`). */
export function isAgentOneError(value: unknown): value is AgentOneError {
  return typeof value === "object" && value !== null && (value as Record<symbol, unknown>)[marker] === true;
}

/** Normalises anything thrown into an AgentOneError, once, at an edge. */
export function toAgentOneError(value: unknown): AgentOneError {
  if (isAgentOneError(value)) return value;
  const message = value instanceof Error ? value.message : String(value);
  return new AgentOneError("INTERNAL_ERROR", message, { cause: value });
}
