import type { BudgetLimits } from "../core/budget-limits.js";
import { addUsage, type BudgetUsage, emptyUsage, subtractUsage } from "../core/budget-usage.js";
import { BudgetExceededError } from "../core/errors/index.js";
import type { ModelPrices } from "../core/model-spec.js";
import { type Holdback, planModelReservation } from "./model-reservation.js";
import { nanoToUsd } from "./money.js";

/** An open claim on the budget, made before a call and settled after it. */
export interface Reservation {
  id: string;
  purpose: "model-call" | "tool-call";
  amount: Partial<BudgetUsage>;
  /** For model calls: the output-token ceiling the call must be made with. */
  maxOutputTokens?: number;
}

export interface ModelCallReservationRequest {
  prices: ModelPrices;
  estimatedInputTokens: number;
  requestedMaxOutputTokens: number;
  minOutputTokens: number;
  /** The termination policy's call may spend the held-back slice; ordinary calls may not. */
  useHoldback?: boolean;
}

export interface LedgerSnapshot {
  limits: BudgetLimits;
  spent: BudgetUsage;
  reserved: BudgetUsage;
  holdback: Holdback;
  /** The current step's spend and open reservations (per-step limits apply to their sum). */
  step: { spent: BudgetUsage; reserved: BudgetUsage };
}

/**
 * The budget ledger: reserve the worst case before a call, settle to real usage after. Every check-and-
 * reserve is synchronous, so concurrent calls in one process can never jointly pass a cap; the engine
 * persists each reservation and settlement as events.
 *
 * @example
 * ```ts
 * const ledger = new Ledger({ limits: { usd: 0.5 }, nextId: () => crypto.randomUUID() });
 * const reservation = ledger.reserveModelCall({ prices, estimatedInputTokens: 900,
 *   requestedMaxOutputTokens: 1024, minOutputTokens: 16 });
 * // ... call the model with reservation.maxOutputTokens ...
 * ledger.settle(reservation, { nanoUsd: 41_000, inputTokens: 900, outputTokens: 212, modelCalls: 1 });
 * ```
 */
export class Ledger {
  readonly #limits: BudgetLimits;
  readonly #nextId: () => string;
  readonly #open = new Map<string, Reservation>();
  #holdback: Holdback;
  #spent: BudgetUsage;
  #reserved = emptyUsage();
  #stepSpent = emptyUsage();
  #stepReserved = emptyUsage();

  constructor(options: {
    limits: BudgetLimits;
    nextId: () => string;
    spent?: BudgetUsage;
    holdback?: Holdback;
  }) {
    this.#limits = options.limits;
    this.#nextId = options.nextId;
    this.#spent = options.spent ?? emptyUsage();
    this.#holdback = options.holdback ?? {};
  }

  get limits(): BudgetLimits {
    return this.#limits;
  }

  snapshot(): LedgerSnapshot {
    return {
      limits: this.#limits,
      spent: this.#spent,
      reserved: this.#reserved,
      holdback: this.#holdback,
      step: { spent: this.#stepSpent, reserved: this.#stepReserved },
    };
  }

  /** Counts a new step; throws if the step limit (less any step held back for termination) is reached. */
  beginStep(options: { useHoldback?: boolean } = {}): void {
    const held = options.useHoldback ? 0 : (this.#holdback.steps ?? 0);
    this.#check({
      dimension: "steps",
      wouldBe: this.#spent.steps + held + 1,
      limit: this.#limits.steps,
      scope: "run",
    });
    this.#spent = addUsage(this.#spent, { steps: 1 });
    this.#stepSpent = emptyUsage();
    this.#stepReserved = emptyUsage();
  }

  /** Reserves the worst case of one model call, clamping its output tokens to fit. */
  reserveModelCall(request: ModelCallReservationRequest): Reservation & { maxOutputTokens: number } {
    const plan = planModelReservation({
      limits: this.#limits,
      committed: {
        run: addUsage(this.#spent, this.#reserved),
        step: addUsage(this.#stepSpent, this.#stepReserved),
      },
      holdback: request.useHoldback ? {} : this.#holdback,
      prices: request.prices,
      estimatedInputTokens: request.estimatedInputTokens,
      requestedMaxOutputTokens: request.requestedMaxOutputTokens,
      minOutputTokens: request.minOutputTokens,
    });
    if (!plan.ok) {
      // Events and errors state money in dollars; the arithmetic above is in nano-dollars.
      const money = plan.dimension === "usd" ? nanoToUsd : (value: number) => value;
      throw new BudgetExceededError({
        ...plan,
        spent: money(plan.spent),
        limit: money(plan.limit),
        requested: money(plan.requested),
      });
    }
    const reservation = {
      id: this.#nextId(),
      purpose: "model-call" as const,
      amount: plan.amount,
      maxOutputTokens: plan.maxOutputTokens,
    };
    this.#open.set(reservation.id, reservation);
    this.#reserved = addUsage(this.#reserved, plan.amount);
    this.#stepReserved = addUsage(this.#stepReserved, plan.amount);
    return reservation;
  }

  /** Reserves one tool call. */
  reserveToolCall(): Reservation {
    const committed = this.#spent.toolCalls + this.#reserved.toolCalls;
    this.#check({
      dimension: "toolCalls",
      wouldBe: committed + 1,
      limit: this.#limits.toolCalls,
      scope: "run",
    });
    const reservation: Reservation = { id: this.#nextId(), purpose: "tool-call", amount: { toolCalls: 1 } };
    this.#open.set(reservation.id, reservation);
    this.#reserved = addUsage(this.#reserved, reservation.amount);
    this.#stepReserved = addUsage(this.#stepReserved, reservation.amount);
    return reservation;
  }

  /**
   * Closes a reservation at the real usage and releases the rest. Usage above the reservation (a token
   * estimate that ran low) is still recorded: spend is a fact, and the next reservation sees it.
   */
  settle(reservation: Reservation, actual: Partial<BudgetUsage>): { released: BudgetUsage } {
    if (!this.#open.delete(reservation.id)) throw new Error(`reservation ${reservation.id} is not open`);
    this.#reserved = subtractUsage(this.#reserved, reservation.amount);
    this.#stepReserved = subtractUsage(this.#stepReserved, reservation.amount);
    this.#spent = addUsage(this.#spent, actual);
    this.#stepSpent = addUsage(this.#stepSpent, actual);
    return { released: subtractUsage(addUsage(emptyUsage(), reservation.amount), actual) };
  }

  /** Counts a retry at run and step scope; throws if either limit is reached. */
  countRetry(): void {
    this.#check({
      dimension: "retries",
      wouldBe: this.#spent.retries + 1,
      limit: this.#limits.retries,
      scope: "run",
    });
    this.#check({
      dimension: "retries",
      wouldBe: this.#stepSpent.retries + 1,
      limit: this.#limits.step?.retries,
      scope: "step",
    });
    this.#spent = addUsage(this.#spent, { retries: 1 });
    this.#stepSpent = addUsage(this.#stepSpent, { retries: 1 });
  }

  #check(check: {
    dimension: "steps" | "toolCalls" | "retries";
    wouldBe: number;
    limit: number | undefined;
    scope: "run" | "step";
  }): void {
    const { dimension, wouldBe, limit, scope } = check;
    if (limit !== undefined && wouldBe > limit) {
      throw new BudgetExceededError({ dimension, scope, spent: wouldBe - 1, limit, requested: 1 });
    }
  }
}
