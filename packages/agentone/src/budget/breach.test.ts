import { describe, expect, it } from "vitest";
import { foldedRun } from "../../test/support/folded-run.js";
import { emptyUsage } from "../core/budget-usage.js";
import { BudgetExceededError } from "../core/errors/index.js";
import { recordBreach, routingBreach, runLimitBreach, wallClockBreach } from "./breach.js";

const limits = { usd: 0.5, tokens: 10_000, wallClockMs: 60_000, step: { usd: 0.05, wallClockMs: 5000 } };
const spent = { ...emptyUsage(), nanoUsd: 250_000_000, inputTokens: 3000, outputTokens: 1000 };

describe("breaches", () => {
  it("records a breach as one budget-exceeded event with the error's fields, and returns the error", () => {
    const run = foldedRun();
    const error = recordBreach(run, {
      dimension: "toolCalls",
      scope: "run",
      spent: 5,
      limit: 5,
      requested: 1,
    });
    expect(error).toBeInstanceOf(BudgetExceededError);
    const { type, dimension, scope, spent: used, limit, requested } = run.events.at(-1) as never;
    expect({ type, dimension, scope, spent: used, limit, requested }).toEqual({
      type: "budget-exceeded",
      dimension: "toolCalls",
      scope: "run",
      spent: 5,
      limit: 5,
      requested: 1,
    });
  });

  it("records an error it is given as it is", () => {
    const run = foldedRun();
    const given = wallClockBreach(limits, "run");
    expect(recordBreach(run, given)).toBe(given);
  });

  it("states a routing refusal at run scope in dollars or tokens spent so far", () => {
    expect(routingBreach({ limits, spent, dimension: "usd", scope: "run" })).toMatchObject({
      spent: 0.25,
      limit: 0.5,
    });
    expect(routingBreach({ limits, spent, dimension: "tokens", scope: "run" })).toMatchObject({
      spent: 4000,
      limit: 10_000,
    });
  });

  it("states a step-scope routing refusal as nothing spent, or as the limit reached for a nested call", () => {
    expect(routingBreach({ limits, spent, dimension: "usd", scope: "step" })).toMatchObject({
      spent: 0,
      limit: 0.05,
    });
    expect(
      routingBreach({ limits, spent, dimension: "usd", scope: "step", reportStepAs: "reached" }),
    ).toMatchObject({ spent: 0.05, limit: 0.05 });
  });

  it("states a passed deadline as all of the wall-clock limit spent, at its scope", () => {
    expect(wallClockBreach(limits, "step")).toMatchObject({ scope: "step", spent: 5000, limit: 5000 });
    expect(wallClockBreach({}, "run")).toMatchObject({ spent: 0, limit: 0 });
  });

  it("states a stop rule's breach from the dimension's status, asking for nothing more", () => {
    const status = { dimension: "steps" as const, limit: 10, used: 10, remaining: 0, fractionUsed: 1 };
    expect(runLimitBreach(status)).toEqual({
      dimension: "steps",
      scope: "run",
      spent: 10,
      limit: 10,
      requested: 0,
    });
  });
});
