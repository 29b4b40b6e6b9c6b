import { formatUsd, nanoToUsd } from "../budget/money.js";
import type { RunEvent } from "../core/events/run-event.js";
import { activeElapsedMs, applyEvent, foldRunState } from "../core/run-state/fold-run-state.js";
import type { RunState } from "../core/run-state/run-state.js";
import { formatCount, formatDuration } from "../report/format.js";
import { budgetBar } from "./budget-bar.js";

interface StepTotals {
  kind: string;
  model: string;
  reason: string;
  tokens: number;
  nanoUsd: number;
  latencyMs: number;
}

const shorten = (text: string, length: number) =>
  text.length > length ? `${text.slice(0, length - 1)}…` : text;

/**
 * Live output while a run runs: one line per step (kind, model, tokens, cost, latency, the decision's
 * reason, a budget bar) and one indented line per tool call.
 */
export function createProgressPrinter(
  write: (line: string) => void,
  initialEvents: readonly RunEvent[] = [],
) {
  let state: RunState | null = initialEvents.length > 0 ? foldRunState(initialEvents) : null;
  let step: StepTotals | null = null;
  // Lines about a step's calls are held until the step's own line is printed, so they read in order.
  let details: string[] = [];
  // A continued run (resume, approve) prints results of calls made before it started: know their arguments.
  const callArguments = new Map<string, string>(
    initialEvents.flatMap((event) =>
      event.type === "tool-call" ? [[event.callId, event.arguments] as const] : [],
    ),
  );
  return (event: RunEvent): void => {
    state = event.type === "run-start" ? foldRunState([event]) : state ? applyEvent(state, event) : null;
    if (!state) return;
    switch (event.type) {
      case "run-start":
        write(`run ${event.runId} · ${event.workspace}`);
        break;
      case "step-start":
        step = {
          kind: event.kind,
          model: event.decision.model,
          reason: event.decision.reason,
          tokens: 0,
          nanoUsd: 0,
          latencyMs: 0,
        };
        break;
      case "model-call-end": {
        const tokens =
          event.usage.inputTokens +
          event.usage.cachedInputTokens +
          event.usage.cacheWriteTokens +
          event.usage.outputTokens;
        if (step) {
          // The step's line counts everything the step spent, its tools' nested calls included.
          step.tokens += tokens;
          step.nanoUsd += event.costNanoUsd;
          step.latencyMs += event.latencyMs;
        }
        if (event.nested)
          details.push(
            `        ↳ ${event.nested.tool} model call ${event.nested.index + 1}: ${event.model} ${formatCount(tokens)} tok ${formatUsd(nanoToUsd(event.costNanoUsd))}${event.cache?.status === "hit" ? " (cached)" : ""}`,
          );
        break;
      }
      case "model-call-error":
        details.push(
          `        ! ${event.model}: ${event.failure}${event.retryable ? "" : " (not retryable)"}`,
        );
        break;
      case "retry-schedule":
        details.push(`        ↻ retry in ${formatDuration(event.waitMs)} (${event.reason})`);
        break;
      case "fallback-select":
        details.push(`        ↪ ${event.fromModel} → ${event.decision.model}: ${event.decision.reason}`);
        if (step && !event.nested) {
          step.model = event.decision.model;
          step.reason = event.decision.reason;
        }
        break;
      case "approval-request":
        // Printed at once: the step's line may not come before the run waits.
        write(`        ? ${event.tool} ${shorten(event.arguments, 60)} needs approval (${event.reason})`);
        break;
      case "approval-decision":
        write(
          `        ${event.decision === "approve" ? "✓ approved" : "✗ denied"} ${event.tool} by ${event.decidedBy}${event.reason ? `: ${shorten(event.reason, 60)}` : ""}`,
        );
        break;
      case "circuit-transition":
        details.push(`        circuit ${event.backend}: ${event.from} → ${event.to}`);
        break;
      case "tool-call":
        callArguments.set(event.callId, event.arguments);
        break;
      case "tool-result":
        details.push(
          `        ${event.isError ? "✗" : "→"} ${event.tool} ${shorten(callArguments.get(event.callId) ?? "", 60)}${event.isError ? `  ${shorten(event.output, 70)}` : ""}`,
        );
        break;
      case "step-end":
        if (step) {
          const bar = budgetBar(state.limits, state.usage, activeElapsedMs(state, event.at));
          write(
            `step ${String(event.step).padStart(2)}  ${step.kind.padEnd(9)} ${step.model.padEnd(13)} ${formatCount(step.tokens).padStart(7)} tok  ` +
              `${formatUsd(nanoToUsd(step.nanoUsd)).padStart(8)}  ${formatDuration(step.latencyMs).padStart(6)}  ${step.reason}  ${bar}${event.status === "failed" ? `  failed: ${shorten(event.error ?? "", 60)}` : ""}`,
          );
        }
        for (const line of details) write(line);
        details = [];
        step = null;
        break;
      case "budget-warning":
        write(`        budget warning: ${event.dimension} at ${Math.round(event.fractionUsed * 100)}%`);
        break;
      case "budget-exceeded":
        write(`        budget exhausted: ${event.scope} ${event.dimension} (limit ${event.limit})`);
        break;
      case "run-kill":
        write(`        kill switch (${event.scope})`);
        break;
      default:
        break;
    }
  };
}
