import { beforeAll, describe, expect, it } from "vitest";
import { createIdleRun } from "../../../test/support/idle-run.js";
import type {
  ModelBackend,
  ModelRequest,
  ModelResponse,
  ModelStreamPart,
} from "../../backends/model-backend.js";
import { ModelCallError, type ModelCallFailure } from "../../core/errors/index.js";
import type { RunEvent } from "../../core/events/run-event.js";
import type { RoutingPolicyInput } from "../../policy/routing-policy.js";
import {
  ScriptedBackend,
  type ScriptedStep,
  scriptedModel,
  scriptedModels,
} from "../../testing/scripted-backend.js";
import { createTestRuntime } from "../../testing/test-runtime.js";
import { callModelForRun } from "./call-model-for-run.js";

/** A second backend serving its own models, so an outage of one backend leaves another to fall back to. */
class OtherBackend implements ModelBackend {
  readonly name = "other";
  readonly script: ScriptedBackend;
  constructor(steps: ScriptedStep[]) {
    this.script = new ScriptedBackend({ steps });
  }
  get calls(): ModelRequest[] {
    return this.script.calls;
  }
  generate(request: ModelRequest): Promise<ModelResponse> {
    return this.script.generate(request);
  }
  stream(request: ModelRequest): AsyncIterable<ModelStreamPart> {
    return this.script.stream(request);
  }
}

const otherStandard = { ...scriptedModel({ id: "other-standard", tier: "standard" }), backend: "other" };

const failure = (kind: ModelCallFailure, options: { retryAfterMs?: number } = {}) => ({
  error: new ModelCallError(kind, `scripted ${kind}`, options),
});

async function governedCall(input: {
  steps: ScriptedStep[];
  /** Steps of a second backend ("other", serving `other-standard`); absent: no second backend. */
  otherSteps?: ScriptedStep[];
  policy?: RoutingPolicyInput;
  limits?: Record<string, unknown>;
}) {
  const backend = new ScriptedBackend({ steps: input.steps });
  const other = new OtherBackend(input.otherSteps ?? []);
  const withOther = input.otherSteps !== undefined;
  const runtime = await createTestRuntime({
    backends: withOther ? [backend, other] : [backend],
    models: withOther ? [...scriptedModels(), otherStandard] : scriptedModels(),
    ...(input.policy ? { defaultPolicy: input.policy } : {}),
  });
  const runId = await createIdleRun(runtime, input.limits ? { limits: input.limits } : {});
  const call = callModelForRun(runtime, {
    runId,
    request: { messages: [{ role: "user", content: "What is 2 + 2?" }], tier: "standard" },
  });
  const outcome = await call.then(
    (result) => ({ ok: true as const, result }),
    (error: unknown) => ({ ok: false as const, error }),
  );
  const events = await runtime.store.readEvents(runId);
  return { outcome, events, backend, other };
}

const typesOf = (events: readonly RunEvent[]) =>
  events.map((event) => event.type).filter((type) => type !== "run-start");
const ofType = <Type extends RunEvent["type"]>(events: readonly RunEvent[], type: Type) =>
  events.filter((event): event is Extract<RunEvent, { type: Type }> => event.type === type);

// The first runtime loads the token counter: not part of any test's time.
beforeAll(async () => {
  await createTestRuntime();
}, 120_000);

describe("governModelCall: retries", () => {
  it("retries a transient failure on the same model after a backoff, and answers", async () => {
    const { outcome, events, backend } = await governedCall({ steps: [failure("server"), { text: "4" }] });
    expect(outcome.ok && outcome.result.response.text).toBe("4");
    expect(typesOf(events)).toEqual([
      "budget-reserve",
      "model-call-start",
      "budget-settle",
      "model-call-error",
      "retry-schedule",
      "budget-reserve",
      "model-call-start",
      "budget-settle",
      "model-call-end",
    ]);
    expect(ofType(events, "retry-schedule")[0]).toMatchObject({
      attempt: 2,
      model: "scripted-standard",
      reason: "server",
    });
    expect(backend.calls.map((call) => call.model)).toEqual(["scripted-standard", "scripted-standard"]);
  });

  it("honours the server's wait hint when it is longer than the backoff", async () => {
    const { events } = await governedCall({
      steps: [failure("rate_limit", { retryAfterMs: 7000 }), { text: "4" }],
    });
    expect(ofType(events, "retry-schedule")[0]?.waitMs).toBe(7000);
  });

  it("varies the sampling after the server could not use the model's output", async () => {
    const { backend, events } = await governedCall({ steps: [failure("model_output"), { text: "4" }] });
    const [first, second] = backend.calls;
    expect([first?.temperature, first?.seed]).not.toEqual([second?.temperature, second?.seed]);
    expect(ofType(events, "retry-schedule")[0]?.reason).not.toBe("model_output");
  });

  it("gives up at once on a bad request, which no retry or other model can fix", async () => {
    const { outcome, events } = await governedCall({ steps: [failure("bad_request")] });
    expect(outcome.ok).toBe(false);
    expect(!outcome.ok && (outcome.error as ModelCallError).failure).toBe("bad_request");
    expect(typesOf(events)).not.toContain("retry-schedule");
    expect(typesOf(events)).not.toContain("fallback-select");
  });

  it("settles an answer cut midway at the input estimate, then retries", async () => {
    const { events } = await governedCall({ steps: [failure("cut_stream"), { text: "4" }] });
    const [cut] = ofType(events, "budget-settle");
    expect(cut?.actual.inputTokens).toBeGreaterThan(0);
    expect(cut?.actual.nanoUsd).toBeGreaterThan(0);
    expect(ofType(events, "model-call-error")[0]?.costNanoUsd).toBe(cut?.actual.nanoUsd);
  });
});

describe("governModelCall: fallback", () => {
  it("moves a rate-limited call to another model of the same backend once its attempts are used up", async () => {
    const { outcome, events, backend } = await governedCall({
      steps: [failure("rate_limit"), { text: "4" }],
      policy: { fallback: { attemptsPerModel: 1 } },
    });
    expect(outcome.ok && outcome.result.decision.model).not.toBe("scripted-standard");
    expect(ofType(events, "fallback-select")[0]).toMatchObject({
      fromModel: "scripted-standard",
      failure: "rate_limit",
    });
    // A rate limit is the model's, not the backend's: another model of the same backend may take it.
    expect(backend.calls).toHaveLength(2);
  });

  it("leaves a backend whose failure is an outage for another backend", async () => {
    const { outcome, other } = await governedCall({
      steps: [failure("server")],
      otherSteps: [{ text: "4" }],
      policy: { fallback: { attemptsPerModel: 1 } },
    });
    expect(outcome.ok && outcome.result.decision.model).toBe("other-standard");
    expect(other.calls).toHaveLength(1);
  });

  it("opens the circuit after repeated outages and moves on at once", async () => {
    const { events, other } = await governedCall({
      steps: Array.from({ length: 5 }, () => failure("overloaded")),
      otherSteps: [{ text: "4" }],
      policy: { fallback: { attemptsPerModel: 9 } },
      limits: { step: { retries: 10 } },
    });
    expect(ofType(events, "circuit-transition")[0]).toMatchObject({
      backend: "scripted",
      from: "closed",
      to: "open",
    });
    expect(ofType(events, "fallback-select")[0]).toMatchObject({
      fromModel: "scripted-standard",
      failure: "overloaded",
    });
    expect(other.calls).toHaveLength(1);
  });

  it("counts each retry and fallback against the run's retries budget", async () => {
    const { events } = await governedCall({
      steps: [failure("server"), failure("server"), { text: "4" }],
    });
    expect(ofType(events, "retry-schedule")).toHaveLength(2);
    const { outcome } = await governedCall({
      steps: [failure("server"), failure("server")],
      limits: { retries: 1 },
    });
    expect(!outcome.ok && (outcome.error as { code: string }).code).toBe("BUDGET_EXCEEDED");
  });
});
