import { AgentOneError } from "./agentone-error.js";
import { type ErrorCode, errorCodes } from "./error-codes.js";
import type { Problem } from "./problem-body.js";
import type { FieldProblem } from "./request-errors.js";

function isKnownCode(code: string): code is ErrorCode {
  return Object.hasOwn(errorCodes, code);
}

/**
 * The AgentOne API answered a request with an error status: the problem body it sent, whole. `code` is the
 * problem's code when this build knows it (so `exitCode` and `isAgentOneError` work as for a local error),
 * else `INTERNAL_ERROR`; `problem.code` keeps what the server said.
 *
 * @example
 * ```ts
 * try { await client.getRun("run_unknown"); } catch (error) {
 *   if (error instanceof ApiProblemError && error.status === 404) console.error(error.detail);
 * }
 * ```
 */
export class ApiProblemError extends AgentOneError {
  readonly status: number;
  readonly problem: Problem;

  constructor(problem: Problem, options: { cause?: unknown } = {}) {
    super(
      isKnownCode(problem.code) ? problem.code : "INTERNAL_ERROR",
      `${problem.status} ${problem.detail}`,
      {
        ...options,
        retryable: problem.status === 429 || problem.status === 503,
        details: { problem },
      },
    );
    this.status = problem.status;
    this.problem = problem;
  }

  get detail(): string {
    return this.problem.detail;
  }

  /** For a request that did not match its schema: each offending field by its path; else empty. */
  get errors(): readonly FieldProblem[] {
    return this.problem.errors ?? [];
  }
}
