import type { z } from "zod";
import type { Clock } from "../core/clock/index.js";
import type { SideEffectClass, ToolCallTraits } from "../core/tool-call-traits.js";

/** What every tool call gets besides its arguments. */
export interface ToolContext {
  /** Absolute, symlink-resolved path of the workspace root. Tools never touch anything outside it. */
  workspaceRoot: string;
  /** Fires at the call's deadline, or when the run is killed. */
  signal: AbortSignal;
  clock: Clock;
  /**
   * Stable for this call across retries, resumes and replays: tools with external side effects send it
   * (e.g. as an `Idempotency-Key` header) so a repeated call never repeats the effect.
   */
  idempotencyKey: string;
  /**
   * A nested model call charged to the same run budget (reserved and settled like any other call).
   * Absent when the runtime offers none; tools that need it must refuse clearly without it.
   */
  completeText?: (request: NestedModelRequest) => Promise<string>;
  /**
   * Storage that outlives the call (and the run) for tools that cache by their own rules, such as
   * `http_request` with HTTP's validators and freshness. The engine scopes it to the run's tenant and to
   * the tool; it is absent when the runtime or the run turned tool caching off, and never fails a call
   * (a store failure reads as a miss).
   */
  cache?: ToolCacheStore;
}

/** A tool's own cache: JSON values by key, each kept for a time (see `ToolContext.cache`). */
export interface ToolCacheStore {
  /** The value stored at `key`, or undefined when there is none or it has expired. */
  get(key: string): Promise<unknown>;
  /** Stores a JSON value at `key` for `ttlMs` milliseconds (of the run's clock). */
  put(key: string, value: unknown, options: { ttlMs: number }): Promise<void>;
}

/** A nested model call made by a tool (for example `summarize_document`). */
export interface NestedModelRequest {
  /** Why the call is made, for the log: e.g. "summarize_document". */
  purpose: string;
  instructions: string;
  input: string;
  maxOutputTokens: number;
}

/** A tool's answer: text for the model, and optional structured metadata for the log. */
export interface ToolOutput {
  content: string;
  metadata?: Record<string, unknown>;
}

/**
 * A tool the model can call. Arguments are validated against `inputSchema` before `execute` runs.
 * Refusals and failures are thrown as `ToolError`; the engine turns them into observations the model
 * reads, and the run goes on.
 *
 * @example
 * ```ts
 * const echo: Tool<{ text: string }> = {
 *   name: "echo", description: "Repeats text", inputSchema: z.object({ text: z.string() }),
 *   idempotent: true, sideEffect: "none", requiresApproval: false,
 *   execute: async ({ text }) => ({ content: text }),
 * };
 * ```
 */
export interface Tool<Input = unknown> {
  name: string;
  description: string;
  inputSchema: z.ZodType<Input>;
  /** Calling it twice with the same arguments gives the same result and changes nothing more. */
  idempotent: boolean;
  sideEffect: SideEffectClass;
  requiresApproval: boolean;
  /**
   * The input schema as JSON Schema, shown to the model instead of the rendering of `inputSchema` (MCP
   * tools carry the schema their server published, which the zod rendering may lose detail of).
   */
  inputJsonSchema?: Record<string, unknown>;
  /**
   * The traits of one call, from its validated input (e.g. `httpCallTraits` for `http_request`). Absent:
   * the static `idempotent`, `requiresApproval` and `sideEffect` hold for every call. The engine asks it
   * before a call runs, to decide approval, caching and ordering.
   */
  traits?(input: Input): ToolCallTraits;
  /**
   * The tool calls models through `context.completeText`. Its calls then run one at a time, never beside
   * other calls of the same turn, so the run's model calls keep one order (replay reproduces it).
   */
  makesModelCalls?: boolean;
  /**
   * What the call will really do, from its validated input, for a human deciding whether to approve it
   * (e.g. the full git command line `run_command` starts). Absent: the arguments say it all.
   */
  describeCall?(input: Input): string;
  execute(input: Input, context: ToolContext): Promise<ToolOutput>;
}

/** A tool whose input type has been erased, for collections of tools. */
// biome-ignore lint/suspicious/noExplicitAny: tools of different input types share one collection; each validates its own input.
export type AnyTool = Tool<any>;
