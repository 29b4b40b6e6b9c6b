import { type FailureKind, failureTraits, type ModelCallError } from "../../core/errors/index.js";
import { decideFallback } from "../../policy/decide-fallback.js";
import type { RoutingPolicy } from "../../policy/routing-policy.js";
import type { StepDecision } from "../../policy/step-decision.js";
import type { RunContext } from "../run-context.js";
import { earliestDeadline } from "../step/deadlines.js";
import { routingInput } from "../step/routing-input.js";
import type { GovernedCallRequest } from "./governed-call.js";
import { retryDelayMs } from "./retry-backoff.js";

/** Where the call stands after a failed attempt. */
export interface FailedAttempt {
  error: ModelCallError;
  /** The failure as the policy sees it (`circuit_open` when the breaker refused to send the call). */
  kind: FailureKind;
  decision: StepDecision;
  backend: string;
  /** Attempts of the whole call so far, and on the current model. */
  attempt: number;
  attemptsOnModel: number;
  failedModels: readonly string[];
}

/** What to do next: another model, the same one after a wait, or nothing (the failure stands). */
export type Recovery =
  | { type: "fallback"; decision: StepDecision }
  | { type: "retry"; waitMs: number; circuitOpen: boolean }
  | { type: "give-up" };

/** Retries the run and the step may still count (Infinity when neither is limited). */
function retriesLeft(context: RunContext): number {
  const { ledger } = context;
  const unlimitedAsInfinity = (left: number | null) => left ?? Number.POSITIVE_INFINITY;
  return Math.min(
    unlimitedAsInfinity(ledger.headroom({ useHoldback: true }).retries),
    unlimitedAsInfinity(ledger.stepHeadroom().retries),
  );
}

/** The next model after the failed ones, budget- and health-checked like any decision (pure policy). */
function nextModel(context: RunContext, request: GovernedCallRequest, failed: FailedAttempt): StepDecision {
  return decideFallback({
    ...routingInput(context, {
      kind: request.kind,
      estimatedInputTokens: request.estimatedInputTokens,
      useHoldback: request.useHoldback,
      withStepLimits: true,
    }),
    fromModel: failed.decision.model,
    failedModels: [...failed.failedModels, failed.decision.model],
    failure: failed.kind,
  });
}

/**
 * After a failed attempt: fall back once a model's attempts are used up, its circuit is open, its server
 * asks for a longer wait than the policy allows, or the failure is one only another model may fix;
 * otherwise retry after an exponential backoff with seeded jitter (the cool-down of an open circuit);
 * give up when nothing is left to try or the wait would pass a deadline. Reads the budget and the
 * backends' health; draws from the run's random generator only for a backoff.
 *
 * @example
 * ```ts
 * const recovery = decideRecovery(context, { request, policy, failed });
 * if (recovery.type === "retry") await sleep(recovery.waitMs);
 * ```
 */
export function decideRecovery(
  context: RunContext,
  input: { request: GovernedCallRequest; policy: RoutingPolicy; failed: FailedAttempt },
): Recovery {
  const { request, policy, failed } = input;
  const { runtime } = context;
  const { error, kind } = failed;
  // A circuit this failure opened (or found open) refuses the next attempt anyway: move on at once.
  const circuitOpen = kind === "circuit_open" || runtime.health.circuit(failed.backend).state === "open";
  if (failed.attempt >= policy.retry.maxAttemptsPerStep) return { type: "give-up" };
  // With a single retry left, another model is a better use of it than the model that just failed.
  const lastRetry = retriesLeft(context) <= 1;
  const spent = failed.attemptsOnModel >= policy.fallback.attemptsPerModel || !error.retryable || lastRetry;
  const hintTooLong = error.retryAfterMs !== undefined && error.retryAfterMs > policy.retry.maxServerWaitMs;
  if (failureTraits[kind].fallsBack && (spent || circuitOpen || hintTooLong)) {
    const next = nextModel(context, request, failed);
    if (next.allowed) return { type: "fallback", decision: next };
  }
  if (!error.retryable) return { type: "give-up" };
  const waitMs = circuitOpen
    ? Math.max(runtime.health.coolDownLeftMs(failed.backend), policy.retry.baseDelayMs)
    : retryDelayMs({
        attempt: failed.attemptsOnModel,
        random: context.random,
        settings: policy.retry,
        ...(error.retryAfterMs === undefined ? {} : { retryAfterMs: error.retryAfterMs }),
      });
  const deadline = earliestDeadline(request.deadlines);
  if (deadline !== null && runtime.clock.now() + waitMs >= deadline) return { type: "give-up" };
  return { type: "retry", waitMs, circuitOpen };
}
