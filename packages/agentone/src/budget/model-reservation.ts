import type { BudgetDimension, BudgetScope } from "../core/budget-dimension.js";
import type { BudgetLimits } from "../core/budget-limits.js";
import { type BudgetUsage, totalTokens } from "../core/budget-usage.js";
import type { ModelPrices } from "../core/model-spec.js";
import { nanoPerToken, usdToNano, worstCaseInputPrice } from "./money.js";
import type { Holdback } from "./termination-holdback.js";

/** What is committed at run and at step scope: spent plus still-open reservations. */
export interface Commitments {
  run: BudgetUsage;
  step: BudgetUsage;
}

export interface ModelReservationRequest {
  limits: BudgetLimits;
  committed: Commitments;
  /** Budget held back for the termination policy; not available to ordinary calls. */
  holdback: Holdback;
  prices: ModelPrices;
  estimatedInputTokens: number;
  requestedMaxOutputTokens: number;
  /** The smallest output worth calling the model for; below it the call is a breach. */
  minOutputTokens: number;
}

export type ModelReservationPlan =
  | { ok: true; maxOutputTokens: number; clampedBy: BudgetDimension | null; amount: Partial<BudgetUsage> }
  | {
      ok: false;
      dimension: BudgetDimension;
      scope: BudgetScope;
      spent: number;
      limit: number;
      requested: number;
    };

/** One limit the call must fit, with the output tokens it leaves room for (negative: the input alone does not fit). */
interface Constraint {
  dimension: BudgetDimension;
  scope: BudgetScope;
  outputRoom: number;
  spent: number;
  limit: number;
  requested: number;
}

/** A limited dimension as the call sees it: how much is left of it, and what the call needs of it. */
interface Limit {
  dimension: BudgetDimension;
  scope: BudgetScope;
  limit: number | undefined;
  used: number;
  held: number;
  /** What the call needs before any output: the input's cost or tokens, or one call. */
  fixed: number;
  /** What each output token needs (0: output does not count here). */
  perOutputToken: number;
}

function toConstraint(entry: Limit & { limit: number }): Constraint {
  const room = entry.limit - entry.used - entry.held - entry.fixed;
  let outputRoom: number;
  if (entry.perOutputToken > 0) outputRoom = Math.floor(room / entry.perOutputToken);
  else outputRoom = room >= 0 ? Number.POSITIVE_INFINITY : -1;
  return {
    dimension: entry.dimension,
    scope: entry.scope,
    outputRoom,
    spent: entry.used,
    limit: entry.limit,
    requested: entry.fixed,
  };
}

/**
 * Reserve-then-settle, the pure half: given what is committed, how many output tokens can this call
 * have so that its worst case (every input token uncached, every allowed output token produced) fits
 * every limit? Returns the clamped maximum, or the dimension that rules the call out.
 */
export function planModelReservation(request: ModelReservationRequest): ModelReservationPlan {
  const { limits, committed, holdback, prices } = request;
  const input = request.estimatedInputTokens;
  const inputCost = input * nanoPerToken(worstCaseInputPrice(prices));
  const outputPrice = nanoPerToken(prices.output);
  const entries: Limit[] = [
    {
      dimension: "usd",
      scope: "run",
      limit: limits.usd === undefined ? undefined : usdToNano(limits.usd),
      used: committed.run.nanoUsd,
      held: holdback.nanoUsd ?? 0,
      fixed: inputCost,
      perOutputToken: outputPrice,
    },
    {
      dimension: "usd",
      scope: "step",
      limit: limits.step?.usd === undefined ? undefined : usdToNano(limits.step.usd),
      used: committed.step.nanoUsd,
      held: 0,
      fixed: inputCost,
      perOutputToken: outputPrice,
    },
    {
      dimension: "tokens",
      scope: "run",
      limit: limits.tokens,
      used: totalTokens(committed.run),
      held: holdback.tokens ?? 0,
      fixed: input,
      perOutputToken: 1,
    },
    {
      dimension: "tokens",
      scope: "step",
      limit: limits.step?.tokens,
      used: totalTokens(committed.step),
      held: 0,
      fixed: input,
      perOutputToken: 1,
    },
    {
      dimension: "outputTokens",
      scope: "run",
      limit: limits.outputTokens,
      used: committed.run.outputTokens,
      held: 0,
      fixed: 0,
      perOutputToken: 1,
    },
    {
      dimension: "inputTokens",
      scope: "run",
      limit: limits.inputTokens,
      used: committed.run.inputTokens,
      held: 0,
      fixed: input,
      perOutputToken: 0,
    },
    {
      dimension: "modelCalls",
      scope: "run",
      limit: limits.modelCalls,
      used: committed.run.modelCalls,
      held: holdback.modelCalls ?? 0,
      fixed: 1,
      perOutputToken: 0,
    },
  ];

  let maxOutputTokens = request.requestedMaxOutputTokens;
  let clampedBy: BudgetDimension | null = null;
  for (const entry of entries) {
    if (entry.limit === undefined) continue;
    const constraint = toConstraint({ ...entry, limit: entry.limit });
    if (constraint.outputRoom < request.minOutputTokens) {
      const { dimension, scope, spent, limit, requested } = constraint;
      return { ok: false, dimension, scope, spent, limit, requested };
    }
    if (constraint.outputRoom < maxOutputTokens) {
      maxOutputTokens = constraint.outputRoom;
      clampedBy = constraint.dimension;
    }
  }
  return {
    ok: true,
    maxOutputTokens,
    clampedBy,
    amount: {
      nanoUsd: inputCost + maxOutputTokens * outputPrice,
      inputTokens: input,
      outputTokens: maxOutputTokens,
      modelCalls: 1,
    },
  };
}
