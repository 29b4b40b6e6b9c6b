import { describe, expect, it } from "vitest";
import { type FailureKind, failureTraits, traitsOfFailure } from "./failure-traits.js";
import { ModelCallError } from "./model-call-error.js";

const kindsWith = (trait: keyof (typeof failureTraits)[FailureKind]) =>
  (Object.keys(failureTraits) as FailureKind[]).filter((kind) => failureTraits[kind][trait]).sort();

describe("failureTraits", () => {
  it("marks as retryable the transient failures and the model's unusable output", () => {
    expect(kindsWith("retryable")).toEqual(
      [
        "circuit_open",
        "connection",
        "cut_stream",
        "model_output",
        "overloaded",
        "rate_limit",
        "server",
        "timeout",
      ].sort(),
    );
  });

  it("counts against the backend only failures of the backend, never of the request or of one model", () => {
    expect(kindsWith("outageLike")).toEqual([
      "aborted",
      "authentication",
      "circuit_open",
      "connection",
      "cut_stream",
      "overloaded",
      "server",
      "timeout",
    ]);
  });

  it("falls back on everything but a bad request and an abort", () => {
    expect(
      (Object.keys(failureTraits) as FailureKind[]).filter((kind) => !failureTraits[kind].fallsBack),
    ).toEqual(["bad_request", "aborted"]);
  });

  it("charges the estimate only for an answer cut after the server accepted it", () => {
    expect(kindsWith("chargesEstimate")).toEqual(["cut_stream"]);
  });

  it("varies the request only after the server could not use the model's output", () => {
    expect(kindsWith("variesRequestOnRetry")).toEqual(["model_output"]);
  });

  it("sends only a context-length failure to a model with a larger window", () => {
    expect(kindsWith("needsLargerModel")).toEqual(["context_length"]);
    expect(failureTraits.context_length.retryable).toBe(false);
  });

  it("gives an unknown kind read from an event no traits", () => {
    expect(traitsOfFailure("a_future_kind")).toEqual(traitsOfFailure("bad_request"));
    expect(traitsOfFailure("toString").retryable).toBe(false);
    expect(traitsOfFailure("server").outageLike).toBe(true);
  });

  it("gives a new ModelCallError the retryability of its kind unless told otherwise", () => {
    expect(new ModelCallError("rate_limit", "429").retryable).toBe(true);
    expect(new ModelCallError("authentication", "401").retryable).toBe(false);
    expect(new ModelCallError("server", "500", { retryable: false }).retryable).toBe(false);
  });
});
