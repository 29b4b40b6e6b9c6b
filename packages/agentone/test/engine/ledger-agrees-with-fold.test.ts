import { readFileSync } from "node:fs";
import { join } from "node:path";
import { SimulatedBackend, simulatedModels } from "@agentone/simulated";
import { afterEach, describe, expect, it } from "vitest";
import type {
  ModelBackend,
  ModelRequest,
  ModelResponse,
  ModelStreamPart,
} from "../../src/backends/model-backend.js";
import { streamOfResponse } from "../../src/backends/stream/parts-of-response.js";
import { loadTokenCounter } from "../../src/backends/token-counter.js";
import { Ledger, type Reservation } from "../../src/budget/ledger.js";
import { budgetStatus } from "../../src/budget/remaining.js";
import { addUsage, type BudgetUsage, emptyUsage, subtractUsage } from "../../src/core/budget-usage.js";
import { VirtualClock } from "../../src/core/clock/index.js";
import { ModelCallError } from "../../src/core/errors/index.js";
import { parseRunEvent, type RunEvent } from "../../src/core/events/run-event.js";
import type { ModelSpec } from "../../src/core/model-spec.js";
import { activeElapsedMs, foldRunState } from "../../src/core/run-state/fold-run-state.js";
import type { RunTask } from "../../src/engine/lifecycle/run-task.js";
import { startRun } from "../../src/engine/lifecycle/start-run.js";
import { terminationPolicyOf } from "../../src/engine/lifecycle/termination-policy.js";
import { minimumOutputTokens } from "../../src/policy/model-fit.js";
import { createTestRuntime } from "../../src/testing/test-runtime.js";
import { packageRoot, repositoryRoot } from "../support/cli-harness.js";
import { foldedRun } from "../support/folded-run.js";

/** The simulator, failing every third call with a retryable server error (retries and fallbacks). */
class FlakyBackend implements ModelBackend {
  readonly name: string;
  #calls = 0;
  constructor(readonly simulator: SimulatedBackend) {
    this.name = simulator.name;
  }
  async generate(request: ModelRequest): Promise<ModelResponse> {
    this.#calls++;
    if (this.#calls % 3 === 0) throw new ModelCallError("server", "answered 503", { status: 503 });
    return this.simulator.generate(request);
  }
  stream(request: ModelRequest): AsyncIterable<ModelStreamPart> {
    return streamOfResponse(() => this.generate(request));
  }
}

let cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups) await cleanup();
  cleanups = [];
});

const workspace = `${repositoryRoot}/examples/ci-failure`;
const goal = "Triage the CI failure recorded in ci.log.";

async function record(task: Omit<RunTask, "goal" | "workspace">, options: { flaky?: boolean } = {}) {
  const clock = new VirtualClock();
  const simulator = new SimulatedBackend({ clock, tokenCounter: await loadTokenCounter() });
  const runtime = await createTestRuntime({
    clock,
    backend: options.flaky ? new FlakyBackend(simulator) : simulator,
    models: [...simulatedModels],
  });
  cleanups.push(() => runtime.store.close());
  const result = await startRun(runtime, { goal, workspace, ...task });
  return runtime.store.readEvents(result.runId);
}

const readRecorded = (name: string) =>
  readFileSync(join(packageRoot, "test/fixtures/event-logs", name), "utf8")
    .trim()
    .split("\n")
    .map((line) => parseRunEvent(JSON.parse(line)));

const openAmount = (open: ReadonlyMap<string, Partial<BudgetUsage>>) =>
  [...open.values()].reduce<BudgetUsage>((sum, amount) => addUsage(sum, amount), emptyUsage());

/**
 * Replays a recorded run through a ledger the way the engine drove it: the ledger allows each recorded
 * step, reservation and retry before its event, settles each reservation, and is built afresh where the
 * run was continued (a resume). After every event, the ledger's answers must equal what the events say:
 * spend on every dimension (the fold of the log so far), open reservations, the step's spend, and what is
 * left of every limited dimension. Logs recorded when the simulated models had other prices reserve other
 * dollar amounts today: for them, reservations are not compared, only what the run spent.
 */
function replayThroughLedger(
  events: readonly RunEvent[],
  options: { pricesAsRecorded: boolean } = { pricesAsRecorded: true },
): number {
  const [start, ...rest] = events;
  if (start?.type !== "run-start") throw new Error("a recorded run begins with run-start");
  const run = foldedRun({ start });
  const prices = new Map(simulatedModels.map((model: ModelSpec) => [model.id, model.prices]));
  let nextReservation = "";
  const newLedger = () =>
    new Ledger({
      run,
      nextId: () => nextReservation,
      holdForTermination: terminationPolicyOf(run.state.options.onExhaust) === "summarize",
    });
  let ledger = newLedger();
  const reservations = new Map<string, Reservation>();
  const openInLog = new Map<string, Partial<BudgetUsage>>();
  let stepBase = run.state.usage;
  let checked = 0;
  for (const [index, event] of rest.entries()) {
    const termination = run.state.currentStepKind === "summarize";
    switch (event.type) {
      case "step-start":
        ledger.beginStep({ useHoldback: event.kind === "summarize" });
        stepBase = run.state.usage;
        break;
      case "budget-reserve": {
        nextReservation = event.reservationId;
        if (event.purpose === "tool-call") reservations.set(event.reservationId, ledger.reserveToolCall());
        else {
          const call = rest.slice(index + 1).find((next) => next.type === "model-call-start");
          const model = call?.type === "model-call-start" ? call.model : "";
          const modelPrices = prices.get(model);
          if (!modelPrices) throw new Error(`a reservation for an unknown model '${model}'`);
          const reservation = ledger.reserveModelCall({
            prices: modelPrices,
            estimatedInputTokens: event.amount.inputTokens ?? 0,
            requestedMaxOutputTokens: event.maxOutputTokens ?? 0,
            minOutputTokens: minimumOutputTokens,
            useHoldback: termination,
          });
          if (options.pricesAsRecorded) expect(reservation.amount).toEqual(event.amount);
          reservations.set(event.reservationId, reservation);
        }
        openInLog.set(event.reservationId, event.amount);
        break;
      }
      case "budget-settle": {
        const reservation = reservations.get(event.reservationId);
        if (!reservation) throw new Error(`settlement of an unknown reservation ${event.reservationId}`);
        reservations.delete(event.reservationId);
        const { released } = ledger.settle(reservation, event.actual);
        if (options.pricesAsRecorded) expect(released).toEqual(addUsage(emptyUsage(), event.released));
        openInLog.delete(event.reservationId);
        break;
      }
      case "retry-schedule":
      case "fallback-select":
        ledger.countRetry();
        break;
    }
    run.record(event);
    if (event.type === "run-input") {
      // A resume continues the run in a new execution, with a ledger of its own.
      ledger = newLedger();
      stepBase = run.state.usage;
    }
    const folded = foldRunState(events.slice(0, index + 2));
    const snapshot = ledger.snapshot();
    expect(snapshot.spent).toEqual(folded.usage);
    if (options.pricesAsRecorded) expect(snapshot.reserved).toEqual(openAmount(openInLog));
    expect(snapshot.step.spent).toEqual(subtractUsage(folded.usage, stepBase));
    expect(ledger.status()).toEqual(
      budgetStatus(folded.limits, folded.usage, activeElapsedMs(folded, event.at)),
    );
    checked++;
  }
  return checked;
}

describe("the ledger agrees with the fold of the event log", () => {
  it("on the recorded v1 logs (a tool budget breach; an ask-human wait resumed with more budget)", () => {
    for (const name of ["v1/tool-budget-summarize.jsonl", "v1/ask-human-resumed.jsonl"]) {
      const events = readRecorded(name);
      expect(replayThroughLedger(events, { pricesAsRecorded: false })).toBe(events.length - 1);
    }
  });

  it("on runs recorded now: tool and dollar breaches, step limits, a summary, retries", async () => {
    const runs = [
      await record({ limits: { usd: 0.05, toolCalls: 3 }, onExhaust: ["summarize"] }),
      await record({ limits: { usd: 0.02, steps: 8 }, onExhaust: ["summarize"] }),
      await record({ limits: { steps: 6, step: { usd: 0.004, retries: 1 } }, onExhaust: ["best-effort"] }),
      await record({ limits: { usd: 0.5, retries: 4, wallClockMs: 600_000 } }, { flaky: true }),
    ];
    const types = new Set(runs.flat().map((event) => event.type));
    // The recordings cover every event that moves the budget.
    for (const type of ["budget-reserve", "budget-settle", "budget-exceeded", "retry-schedule", "step-start"])
      expect(types).toContain(type);
    for (const events of runs) expect(replayThroughLedger(events)).toBe(events.length - 1);
  }, 120_000);
});
