import type { BudgetScope } from "../core/budget-dimension.js";
import type { BudgetLimits } from "../core/budget-limits.js";
import { addUsage, type BudgetUsage, emptyUsage, subtractUsage } from "../core/budget-usage.js";
import { BudgetExceededError } from "../core/errors/index.js";
import type { EventPayload } from "../core/events/run-event.js";
import type { ModelPrices } from "../core/model-spec.js";
import { activeElapsedMs } from "../core/run-state/fold-run-state.js";
import type { RunState } from "../core/run-state/run-state.js";
import { type Breach, recordBreach, routingBreach, wallClockBreach } from "./breach.js";
import {
  type RoutingHeadroom,
  type RunHeadroom,
  routingHeadroom,
  runHeadroom,
  type StepHeadroom,
  stepHeadroom,
} from "./headroom.js";
import { planModelReservation } from "./model-reservation.js";
import { nanoToUsd } from "./money.js";
import { budgetStatus, type DimensionStatus, newlyCrossedThresholds } from "./remaining.js";
import { type Holdback, terminationHoldback } from "./termination-holdback.js";

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
 * The run a ledger keeps the budget of: its state folded from its events (limits in force, usage so far,
 * active time), its clock, and its log (where breaches and warnings are recorded). `RunLog` is one.
 */
export interface BudgetedRun {
  readonly state: RunState;
  nowIso(): string;
  emit(payload: EventPayload): unknown;
}

/** The clock times at which the current step and the run (less the termination slice) run out of time. */
export interface StepDeadlines {
  stepEndsAt: number | null;
  runEndsAt: number | null;
}

/**
 * The budget authority of one run: it answers what is left on every dimension, at run and at step scope,
 * and it is the one that refuses. What was spent is never kept here: it is the run's folded `usage`
 * (`core/run-state/fold-run-state.ts`), read at every question, so the ledger and the event log cannot
 * disagree. The ledger keeps only what the log does not know yet: the reservations still open, where the
 * current step began, and what is held back for the termination policy.
 *
 * Refusals (a `BudgetExceededError`) come from here: `beginStep`, `reserveModelCall`, `reserveToolCall`,
 * `countRetry`, `refuseRouting` and the deadlines' `wallClockBreach`; `recordBreach` writes one to the
 * log. Each check-and-reserve is synchronous, so concurrent calls in one process can never jointly pass a
 * cap; the engine records each reservation and settlement as an event right after it.
 *
 * @example
 * ```ts
 * const ledger = new Ledger({ run: log, nextId: () => ids.next("reservation"), holdForTermination: true });
 * const reservation = ledger.reserveModelCall({ prices, estimatedInputTokens: 900,
 *   requestedMaxOutputTokens: 1024, minOutputTokens: 16 });
 * log.emit({ type: "budget-reserve", step, reservationId: reservation.id, purpose: "model-call", amount: reservation.amount });
 * // ... call the model with reservation.maxOutputTokens, then:
 * const { released } = ledger.settle(reservation, actual);
 * log.emit({ type: "budget-settle", step, reservationId: reservation.id, actual, released });
 * ledger.headroom({ useHoldback: false }).usd; // nano-dollars left for ordinary steps
 * ```
 */
export class Ledger {
  readonly #run: BudgetedRun;
  readonly #nextId: () => string;
  readonly #open = new Map<string, Reservation>();
  /** Reservations taken over from an earlier process (see `adopt`): they count at run scope only. */
  readonly #adopted = new Set<string>();
  readonly #holdback: Holdback;
  readonly #terminationSliceMs: number;
  #reserved = emptyUsage();
  #stepReserved = emptyUsage();
  /** The run's usage when the current step began (or when this ledger took the run over). */
  #stepBase: BudgetUsage;

  constructor(options: {
    run: BudgetedRun;
    nextId: () => string;
    /** Keep back the termination policy's slice (the `summarize` policy); see `terminationHoldback`. */
    holdForTermination?: boolean;
  }) {
    this.#run = options.run;
    this.#nextId = options.nextId;
    const held = terminationHoldback(options.run.state.limits, {
      summarize: options.holdForTermination ?? false,
    });
    this.#holdback = held.holdback;
    this.#terminationSliceMs = held.terminationSliceMs;
    this.#stepBase = options.run.state.usage;
  }

  get limits(): BudgetLimits {
    return this.#run.state.limits;
  }

  /** What is kept back from ordinary steps for the termination policy. */
  get holdback(): Holdback {
    return this.#holdback;
  }

  /** Wall-clock time kept back at the end of the run for the termination policy. */
  get terminationSliceMs(): number {
    return this.#terminationSliceMs;
  }

  /** What the run has spent: its folded usage. */
  get spent(): BudgetUsage {
    return this.#run.state.usage;
  }

  /** The run's active wall-clock time so far (time waiting for a human does not count). */
  elapsedMs(): number {
    return activeElapsedMs(this.#run.state, this.#run.nowIso());
  }

  snapshot(): LedgerSnapshot {
    return {
      limits: this.limits,
      spent: this.spent,
      reserved: this.#reserved,
      holdback: this.#holdback,
      step: { spent: this.#stepSpent(), reserved: this.#stepReserved },
    };
  }

  /** What is left of the run on every dimension; `useHoldback` (the termination call) may use the slice kept back. */
  headroom(options: { useHoldback: boolean }): RunHeadroom {
    const held = !options.useHoldback;
    return runHeadroom({
      limits: this.limits,
      committed: addUsage(this.spent, this.#reserved),
      holdback: held ? this.#holdback : {},
      elapsedMs: this.elapsedMs(),
      terminationSliceMs: held ? this.#terminationSliceMs : 0,
    });
  }

  /** What is left of the current step's own limits. */
  stepHeadroom(): StepHeadroom {
    return stepHeadroom(this.limits, addUsage(this.#stepSpent(), this.#stepReserved));
  }

  /** The dollars and tokens routing may choose a model within (with `withStepLimits`, the step's too). */
  routingHeadroom(options: { useHoldback: boolean; withStepLimits: boolean }): RoutingHeadroom {
    return routingHeadroom(this.headroom(options), options.withStepLimits ? this.stepHeadroom() : null);
  }

  /** Every limited run-scope dimension: limit, used, remaining and the fraction used. */
  status(): DimensionStatus[] {
    return budgetStatus(this.limits, this.spent, this.elapsedMs());
  }

  /**
   * When the step started at `stepStartedAt` and the run run out of time, on the clock that reads `now`.
   * The run's deadline comes before its end by the termination slice, except for the termination step.
   */
  deadlines(input: { now: number; stepStartedAt: number; forTermination: boolean }): StepDeadlines {
    const { limits } = this;
    const slice = input.forTermination ? 0 : this.#terminationSliceMs;
    const runEndsAt =
      limits.wallClockMs === undefined ? null : input.now + limits.wallClockMs - slice - this.elapsedMs();
    const stepEndsAt =
      limits.step?.wallClockMs === undefined ? null : input.stepStartedAt + limits.step.wallClockMs;
    return { stepEndsAt, runEndsAt };
  }

  /** The error a call gets when the run's or the step's deadline passes. */
  wallClockBreach(scope: BudgetScope): BudgetExceededError {
    return wallClockBreach(this.limits, scope);
  }

  /** Counts a new step; throws if the step limit (less any step held back for termination) is reached. */
  beginStep(options: { useHoldback?: boolean } = {}): void {
    const held = options.useHoldback ? 0 : (this.#holdback.steps ?? 0);
    this.#check({
      dimension: "steps",
      wouldBe: this.spent.steps + held + 1,
      limit: this.limits.steps,
      scope: "run",
    });
    this.#stepBase = this.spent;
    this.#stepReserved = emptyUsage();
  }

  /** Reserves the worst case of one model call, clamping its output tokens to fit. */
  reserveModelCall(request: ModelCallReservationRequest): Reservation & { maxOutputTokens: number } {
    const plan = planModelReservation({
      limits: this.limits,
      committed: {
        run: addUsage(this.spent, this.#reserved),
        step: addUsage(this.#stepSpent(), this.#stepReserved),
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
    return this.#book({
      id: this.#nextId(),
      purpose: "model-call" as const,
      amount: plan.amount,
      maxOutputTokens: plan.maxOutputTokens,
    });
  }

  /** Reserves one tool call. */
  reserveToolCall(): Reservation {
    this.#check({
      dimension: "toolCalls",
      wouldBe: this.spent.toolCalls + this.#reserved.toolCalls + 1,
      limit: this.limits.toolCalls,
      scope: "run",
    });
    return this.#book({ id: this.#nextId(), purpose: "tool-call", amount: { toolCalls: 1 } });
  }

  /**
   * Closes a reservation and returns what it releases. The real usage becomes spend when the engine
   * records the `budget-settle` event (the run's fold adds it), right after this call. Usage above the
   * reservation (a token estimate that ran low) is spend all the same, and the next reservation sees it.
   */
  settle(reservation: Reservation, actual: Partial<BudgetUsage>): { released: BudgetUsage } {
    if (!this.#open.delete(reservation.id)) throw new Error(`reservation ${reservation.id} is not open`);
    this.#reserved = subtractUsage(this.#reserved, reservation.amount);
    if (!this.#adopted.delete(reservation.id))
      this.#stepReserved = subtractUsage(this.#stepReserved, reservation.amount);
    return { released: subtractUsage(addUsage(emptyUsage(), reservation.amount), actual) };
  }

  /**
   * Takes over a reservation that an earlier ledger of the run made and did not settle: an external run's
   * reservations stay open between its caller's requests, and only its log remembers them. It counts at
   * run scope only (the step that made it is not this ledger's current step) until it is settled.
   *
   * @example
   * ```ts
   * for (const open of openReservations(log.events)) ledger.adopt(open.reservation);
   * ```
   */
  adopt(reservation: Reservation): void {
    if (this.#open.has(reservation.id)) throw new Error(`reservation ${reservation.id} is already open`);
    this.#open.set(reservation.id, reservation);
    this.#adopted.add(reservation.id);
    this.#reserved = addUsage(this.#reserved, reservation.amount);
  }

  /**
   * Allows one more retry (or fallback) at run and step scope, or throws if either limit is reached.
   * The retry counts once its `retry-schedule` or `fallback-select` event is recorded, right after.
   */
  countRetry(): void {
    this.#check({
      dimension: "retries",
      wouldBe: this.spent.retries + 1,
      limit: this.limits.retries,
      scope: "run",
    });
    this.#check({
      dimension: "retries",
      wouldBe: this.#stepSpent().retries + 1,
      limit: this.limits.step?.retries,
      scope: "step",
    });
  }

  /**
   * The refusal when routing (the policy) found no model the budget can pay for, on the dimension that
   * ruled the call out, at the scope that did. The policy proposes; this answers for the budget.
   */
  refuseRouting(input: {
    dimension: "usd" | "tokens";
    scope: BudgetScope;
    reportStepAs?: "unspent" | "reached";
  }): BudgetExceededError {
    return routingBreach({ limits: this.limits, spent: this.spent, ...input });
  }

  /** Records a breach in the run's log (`budget-exceeded`) and returns its error. */
  recordBreach(breach: Breach | BudgetExceededError): BudgetExceededError {
    return recordBreach(this.#run, breach);
  }

  /** Records a `budget-warning` for each dimension that crossed the soft threshold since the last warning. */
  recordWarnings(): void {
    const { state } = this.#run;
    const crossed = newlyCrossedThresholds(this.status(), {
      warnAt: state.options.warnAt,
      alreadyWarned: state.warned,
    });
    for (const status of crossed) {
      this.#run.emit({
        type: "budget-warning",
        dimension: status.dimension,
        fractionUsed: status.fractionUsed,
        used: status.used,
        limit: status.limit,
      });
    }
  }

  #stepSpent(): BudgetUsage {
    return subtractUsage(this.spent, this.#stepBase);
  }

  #book<Booked extends Reservation>(reservation: Booked): Booked {
    this.#open.set(reservation.id, reservation);
    this.#reserved = addUsage(this.#reserved, reservation.amount);
    this.#stepReserved = addUsage(this.#stepReserved, reservation.amount);
    return reservation;
  }

  #check(check: {
    dimension: "steps" | "toolCalls" | "retries";
    wouldBe: number;
    limit: number | undefined;
    scope: BudgetScope;
  }): void {
    const { dimension, wouldBe, limit, scope } = check;
    if (limit !== undefined && wouldBe > limit) {
      throw new BudgetExceededError({ dimension, scope, spent: wouldBe - 1, limit });
    }
  }
}
