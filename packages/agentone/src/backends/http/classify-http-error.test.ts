import { describe, expect, it } from "vitest";
import { classifyHttpError } from "./classify-http-error.js";
import { parseRetryAfter } from "./parse-retry-after.js";

describe("classifyHttpError", () => {
  it.each([
    [{ status: 429, message: "Rate limit reached", errorType: "rate_limit_exceeded" }, "rate_limit", true],
    [
      { status: 429, message: "You exceeded your current quota", errorType: "insufficient_quota" },
      "authentication",
      false,
    ],
    [{ status: 500, message: "server had an error" }, "server", true],
    [{ status: 503, message: "engine overloaded", errorType: "server_is_overloaded" }, "overloaded", true],
    [{ status: 529, message: "Overloaded", errorType: "overloaded_error" }, "overloaded", true],
    [{ status: 408, message: "timeout" }, "timeout", true],
    [{ status: 409, message: "conflict" }, "server", true],
    [{ status: 400, message: "bad", errorType: "invalid_request_error" }, "bad_request", false],
    [
      {
        status: 400,
        message: "This model's maximum context length is 128000 tokens",
        errorType: "context_length_exceeded",
      },
      "context_length",
      false,
    ],
    [{ status: 400, message: "prompt is too long: 210000 tokens > 200000 maximum" }, "context_length", false],
    [{ status: 401, message: "invalid x-api-key" }, "authentication", false],
    [{ status: 403, message: "forbidden" }, "authentication", false],
    [{ status: 404, message: "model not found" }, "not_found", false],
    [{ status: undefined, message: "Overloaded", errorType: "overloaded_error" }, "overloaded", true],
    [{ status: undefined, message: "an error was encountered while running the model" }, "server", true],
  ])("%j → %s (retryable %s)", (facts, failure, retryable) => {
    expect(classifyHttpError(facts)).toMatchObject({ code: "MODEL_CALL_ERROR", failure, retryable });
  });

  it("obeys x-should-retry but never retries a context-length error", () => {
    expect(classifyHttpError({ status: 500, message: "x", shouldRetry: false }).retryable).toBe(false);
    expect(classifyHttpError({ status: 400, message: "x", shouldRetry: true }).retryable).toBe(true);
    expect(
      classifyHttpError({ status: 400, message: "context_length_exceeded", shouldRetry: true }).retryable,
    ).toBe(false);
  });
});

describe("parseRetryAfter", () => {
  const now = Date.parse("2026-01-01T00:00:00Z");
  it.each([
    [{ "retry-after-ms": "1500" }, 1500],
    [{ "retry-after": "3" }, 3000],
    [{ "retry-after": "Thu, 01 Jan 2026 00:00:05 GMT" }, 5000],
    [{ "retry-after": "120" }, 60_000],
    [{ "retry-after": "-1" }, undefined],
    [
      {
        "anthropic-ratelimit-requests-reset": "2026-01-01T00:00:02Z",
        "anthropic-ratelimit-tokens-reset": "2026-01-01T00:00:04Z",
      },
      4000,
    ],
    [{}, undefined],
  ])("%j → %s", (headers, expected) => {
    expect(parseRetryAfter(headers, now)).toBe(expected);
    expect(parseRetryAfter(new Headers(headers), now)).toBe(expected);
  });
});
