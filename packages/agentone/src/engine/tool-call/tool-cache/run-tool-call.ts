import type { StepDeadlines } from "../../../budget/ledger.js";
import { BudgetExceededError, isAgentOneError, ToolError } from "../../../core/errors/index.js";
import type { ToolOutput } from "../../../tools/tool.js";
import { nestedModelCaller } from "../../model-call/nested-model-caller.js";
import type { RunContext } from "../../run-context.js";
import type { PreparedCall } from "../parse-tool-arguments.js";
import { toolCachingEnabled } from "./tool-caching-enabled.js";

/** What one call came to: its output or the error the model reads, and how long it took. */
export interface ToolCallOutcome {
  output: ToolOutput | null;
  error: ToolError | null;
  durationMs: number;
}

type ReadyCall = Exclude<PreparedCall, { refusal: ToolError }>;

/** Outputs longer than this are not kept: the model sees at most 32,000 characters of any output anyway. */
const maxCachedCharacters = 64_000;

/** The cache key of a call, or null when the call may not be served from the cache. */
function cacheKeyOf(context: RunContext, prepared: ReadyCall): string | null {
  const cache = context.runtime.toolCache;
  const { traits } = prepared;
  if (
    cache === null ||
    !traits.idempotent ||
    traits.sideEffect !== "none" ||
    traits.cacheable === false ||
    !toolCachingEnabled(context)
  )
    return null;
  try {
    return cache.keyFor({
      runId: context.log.runId,
      workspace: context.log.state.workspace,
      tool: prepared.tool.name,
      arguments: prepared.input,
    });
  } catch {
    // Arguments without a canonical form (none of the built-in tools have such) are simply not cached.
    return null;
  }
}

/** The idempotency key of one tool call: unique per run, step and call id, the same on a retry or resume. */
export function toolCallIdempotencyKey(runId: string, step: number, callId: string): string {
  return `${runId}:${step}:${callId}`;
}

/** One call to run: where it is in the run, the validated call, and what bounds it. */
export interface ToolCallInput {
  step: number;
  prepared: ReadyCall;
  signal: AbortSignal;
  /** The step's deadlines, which bound the tool's nested model calls as they bound the step's own. */
  deadlines: StepDeadlines;
}

async function execute(context: RunContext, input: ToolCallInput): Promise<ToolOutput> {
  const { runtime, log } = context;
  const { tool, call } = input.prepared;
  const store = toolCachingEnabled(context) ? runtime.caches.toolStore(tool.name) : null;
  try {
    return await tool.execute(input.prepared.input, {
      workspaceRoot: log.state.workspace,
      signal: input.signal,
      clock: runtime.clock,
      // Model-chosen call ids may repeat across turns (old Ollama servers); the step makes them unique.
      idempotencyKey: toolCallIdempotencyKey(log.state.runId, input.step, call.id),
      completeText: nestedModelCaller(context, {
        step: input.step,
        tool: tool.name,
        toolCallId: call.id,
        deadlines: input.deadlines,
      }),
      ...(store ? { cache: store } : {}),
    });
  } finally {
    // Anything that may write (even a call that failed half-way) makes earlier reads stale.
    if (input.prepared.traits.sideEffect !== "none")
      runtime.toolCache?.invalidateWorkspace(log.state.workspace);
  }
}

/**
 * Runs one validated, admitted call: from the run's tool cache when an identical read-only, idempotent
 * call already ran since the workspace last changed (recorded with `cache: "hit"` and a duration of 0),
 * otherwise by executing the tool. Failures become ToolErrors for the model; nothing is thrown.
 */
export async function runToolCall(context: RunContext, input: ToolCallInput): Promise<ToolCallOutcome> {
  const { runtime } = context;
  const key = cacheKeyOf(context, input.prepared);
  const hit = key === null ? undefined : runtime.toolCache?.find(key);
  if (hit)
    return {
      output: {
        content: hit.output.content,
        metadata: {
          ...hit.output.metadata,
          cache: "hit",
          cachedFrom: { step: hit.step, callId: hit.callId },
        },
      },
      error: null,
      durationMs: 0,
    };
  const startedAt = runtime.clock.now();
  const finish = (output: ToolOutput | null, error: ToolError | null): ToolCallOutcome => ({
    output,
    error,
    durationMs: runtime.clock.now() - startedAt,
  });
  try {
    const output = await execute(context, input);
    if (key !== null && output.content.length <= maxCachedCharacters)
      runtime.toolCache?.remember(key, { output, step: input.step, callId: input.prepared.call.id });
    return finish(output, null);
  } catch (error) {
    if (input.signal.aborted)
      return finish(null, new ToolError("timeout", "the tool call was stopped before it finished"));
    if (isAgentOneError(error) && error.code === "TOOL_ERROR") return finish(null, error as ToolError);
    const message = error instanceof Error ? error.message : String(error);
    const name = input.prepared.call.name;
    if (error instanceof BudgetExceededError)
      // A nested model call did not fit what is left: the model reads it and can work another way.
      return finish(null, new ToolError("budget_exhausted", `${name} stopped: ${message}`, { cause: error }));
    return finish(null, new ToolError("failed", `${name} failed: ${message}`, { cause: error }));
  }
}
