import type { Clock } from "../../core/clock/index.js";
import { ToolError, type ToolErrorReason } from "../../core/errors/index.js";
import type { EventOf } from "../../core/events/run-event.js";
import type { AnyTool, ToolContext, ToolOutput } from "../../tools/tool.js";
import { maxToolOutputCharacters } from "../tool-call/execute-tools.js";
import type { Recording } from "./recording.js";
import type { ReplayCounters } from "./replay-backend.js";
import type { ReplayCursor } from "./replay-cursor.js";

const cutMarker = /\n\[\.\.\. output cut: (\d+) more characters\]$/;

/**
 * The text that, cut by the engine to the output cap, gives the recorded output again. A recorded output
 * was cut already; returning it as it is would cut it a second time and change the marker.
 */
function uncut(recorded: string): string {
  const match = cutMarker.exec(recorded);
  if (!match || recorded.length - match[0].length !== maxToolOutputCharacters) return recorded;
  return recorded.slice(0, maxToolOutputCharacters) + " ".repeat(Number(match[1]));
}

/** Step and call id from the idempotency key the engine gives each call (`run:step:callId`). */
function callOf(context: ToolContext): { step: number; callId: string } | null {
  const [, step, ...rest] = context.idempotencyKey.split(":");
  if (step === undefined || rest.length === 0) return null;
  return { step: Number(step), callId: rest.join(":") };
}

function untilAborted(signal: AbortSignal): Promise<never> {
  return new Promise((_, reject) => {
    if (signal.aborted) reject(signal.reason);
    signal.addEventListener("abort", () => reject(signal.reason), { once: true });
  });
}

async function serve(
  result: EventOf<"tool-result">,
  options: {
    context: ToolContext;
    clock: Clock;
    killed: boolean;
    kill: () => void;
    /** Time the call's nested model calls already took on the replay's clock (part of its duration). */
    elapsedMs: number;
  },
): Promise<ToolOutput> {
  const { context } = options;
  const restMs = Math.max(0, result.durationMs - options.elapsedMs);
  if (result.isError && result.errorReason === "timeout") {
    // The recorded call was stopped: by the kill switch (fired again here), or by a deadline that the
    // replay's clock reaches at the same moment.
    if (options.killed) options.kill();
    await options.clock.sleep(restMs, context.signal);
    return untilAborted(context.signal);
  }
  await options.clock.sleep(restMs, context.signal);
  const text = uncut(result.output);
  if (result.isError)
    throw new ToolError((result.errorReason ?? "failed") as ToolErrorReason, text.replace(/^Error: /, ""));
  return { content: text, ...(result.metadata ? { metadata: result.metadata } : {}) };
}

/**
 * Asks the recorded call's nested model calls again, in order, through the engine's `completeText`, so
 * the replay records them as the run did (the replay backend answers them from the recording). The first
 * that fails ends it, as it ended the recorded tool; the recorded result tells the rest.
 */
async function askNestedCalls(
  context: ToolContext,
  requests: ReturnType<Recording["nestedRequests"]>,
): Promise<void> {
  if (requests.length === 0 || !context.completeText) return;
  for (const request of requests) {
    try {
      await context.completeText(request);
    } catch {
      if (context.signal.aborted) throw context.signal.reason;
      return;
    }
  }
}

/**
 * The run's tools with `execute` replaced: each call returns (or throws) what the recorded call with the
 * same step and call id returned, after the time it took, and nothing runs. A call that made nested model
 * calls (`summarize_document`) makes them again first, answered from the recording. Names, descriptions,
 * schemas and traits stay the tools' own, so the model is offered the same tools and the engine orders,
 * approves and validates calls as it did. A call the recording lacks is a ToolError (the replay has diverged).
 *
 * @example
 * ```ts
 * const tools = replayTools(runtime.tools, { recording, cursor, clock, counters, kill });
 * ```
 */
export function replayTools(
  tools: readonly AnyTool[],
  options: {
    recording: Recording;
    cursor: ReplayCursor;
    clock: Clock;
    counters: ReplayCounters;
    kill: () => void;
  },
): AnyTool[] {
  const { recording, cursor, counters } = options;
  const execute = async (context: ToolContext): Promise<ToolOutput> => {
    const call = callOf(context);
    const result = call && recording.toolResult(call.step, call.callId);
    if (!result)
      throw new ToolError(
        "failed",
        "replay: the recording has no result for this call (the replay diverged)",
      );
    counters.toolCalls++;
    const startedAt = options.clock.now();
    await askNestedCalls(context, recording.nestedRequests(call.step, call.callId));
    return serve(result, {
      elapsedMs: options.clock.now() - startedAt,
      context,
      clock: options.clock,
      killed: cursor.divergence === null && recording.killedInStep(cursor.nextSeq),
      kill: options.kill,
    });
  };
  return tools.map(
    (tool) =>
      new Proxy(tool, {
        get(target, property, receiver) {
          if (property === "execute") return (_input: unknown, context: ToolContext) => execute(context);
          return Reflect.get(target, property, receiver);
        },
      }),
  );
}
