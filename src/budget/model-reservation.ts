import type { BudgetDimension, BudgetScope } from "../core/budget-dimension.js";
import type { ModelPrices } from "../backends/model-spec.js";
import type { BudgetLimits } from "../core/budget-limits.js";
import { nanoPerToken, usdToNano } from "./money.js";
import { type BudgetUsage, totalTokens } from "../core/budget-usage.js";

/**
 * Budget kept back so the termination policy (a closing summary) can still run when ordinary steps have
 * used everything else.
 */
export interface Holdback {
  nanoUsd?: number;
  tokens?: number;
  steps?: number;
  modelCalls?: number;
}

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
  | { ok: false; dimension: BudgetDimension; scope: BudgetScope; spent: number; limit: number; requested: number };

interface Constraint {
  dimension: BudgetDimension;
  scope: BudgetScope;
  /** Output tokens this dimension still allows (may be negative: the input alone does not fit). */
  outputRoom: number;
  spent: number;
  limit: number;
  requested: number;
}

/**
 * Reserve-then-settle, the pure half: given what is committed, how many output tokens can this call
 * have so that its worst case (every input token uncached, every allowed output token produced) fits
 * every limit? Returns the clamped maximum, or the dimension that rules the call out.
 */
export function planModelReservation(request: ModelReservationRequest): ModelReservationPlan {
  const { limits, committed, holdback, prices } = request;
  const input = request.estimatedInputTokens;
  const inputCost = input * nanoPerToken(prices.input);
  const outputPrice = nanoPerToken(prices.output);
  const constraints: Constraint[] = [];
  const money = (limitUsd: number | undefined, used: number, scope: BudgetScope, held: number) => {
    if (limitUsd === undefined) return;
    const limit = usdToNano(limitUsd);
    const room = limit - used - held - inputCost;
    const outputRoom = outputPrice === 0 ? (room >= 0 ? Number.POSITIVE_INFINITY : -1) : Math.floor(room / outputPrice);
    constraints.push({ dimension: "usd", scope, outputRoom, spent: used, limit, requested: inputCost });
  };
  const tokens = (dimension: BudgetDimension, limit: number | undefined, used: number, scope: BudgetScope, extra: { held: number; input: number }) => {
    if (limit === undefined) return;
    constraints.push({ dimension, scope, outputRoom: limit - used - extra.held - extra.input, spent: used, limit, requested: extra.input });
  };

  money(limits.usd, committed.run.nanoUsd, "run", holdback.nanoUsd ?? 0);
  money(limits.step?.usd, committed.step.nanoUsd, "step", 0);
  const heldTokens = holdback.tokens ?? 0;
  tokens("tokens", limits.tokens, totalTokens(committed.run), "run", { held: heldTokens, input });
  tokens("tokens", limits.step?.tokens, totalTokens(committed.step), "step", { held: 0, input });
  tokens("outputTokens", limits.outputTokens, committed.run.outputTokens, "run", { held: 0, input: 0 });
  if (limits.inputTokens !== undefined) {
    const fits = committed.run.inputTokens + input <= limits.inputTokens;
    constraints.push({
      dimension: "inputTokens",
      scope: "run",
      outputRoom: fits ? Number.POSITIVE_INFINITY : -1,
      spent: committed.run.inputTokens,
      limit: limits.inputTokens,
      requested: input,
    });
  }
  if (limits.modelCalls !== undefined) {
    const fits = committed.run.modelCalls + (holdback.modelCalls ?? 0) + 1 <= limits.modelCalls;
    constraints.push({
      dimension: "modelCalls",
      scope: "run",
      outputRoom: fits ? Number.POSITIVE_INFINITY : -1,
      spent: committed.run.modelCalls,
      limit: limits.modelCalls,
      requested: 1,
    });
  }

  let maxOutputTokens = request.requestedMaxOutputTokens;
  let clampedBy: BudgetDimension | null = null;
  for (const constraint of constraints) {
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
