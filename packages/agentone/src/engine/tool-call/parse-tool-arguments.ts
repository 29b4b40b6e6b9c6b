import { ToolError } from "../../core/errors/index.js";
import type { ToolCallRequest } from "../../core/messages.js";
import { stableJson } from "../../core/stable-json.js";
import type { ToolCallTraits } from "../../core/tool-call-traits.js";
import type { AnyTool } from "../../tools/tool.js";
import { toolArgumentsProblem } from "./tool-argument-limits.js";

/**
 * The one place model-written tool arguments are parsed: JSON first, then the tool's schema. Anything
 * wrong becomes a ToolError the model reads, never an exception that ends the run.
 */
export function parseToolArguments(tool: AnyTool, raw: string): unknown {
  // Before JSON.parse: hostile arguments must not cost the parse, the schema walk or the conversation.
  const problem = toolArgumentsProblem(raw);
  if (problem) throw new ToolError(problem.reason, `arguments for ${tool.name} ${problem.message}`);
  let value: unknown;
  try {
    value = raw.trim() === "" ? {} : JSON.parse(raw);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new ToolError(
      "invalid_arguments",
      `arguments for ${tool.name} are not valid JSON (${reason}); send a JSON object`,
    );
  }
  const parsed = tool.inputSchema.safeParse(value);
  if (!parsed.success) {
    const details = parsed.error.issues
      .slice(0, 3)
      .map((issue) => `${issue.path.join(".") || "(arguments)"}: ${issue.message}`)
      .join("; ");
    throw new ToolError("invalid_arguments", `invalid arguments for ${tool.name}: ${details}`);
  }
  return parsed.data;
}

/** A call ready to review and run, or the refusal that answers it (unknown tool, bad arguments). */
export type PreparedCall =
  | {
      call: ToolCallRequest;
      tool: AnyTool;
      input: unknown;
      traits: ToolCallTraits;
      /** Canonical JSON of the validated arguments (the approval rules read it; the cache keys on `input`). */
      canonicalArguments: string;
    }
  | { call: ToolCallRequest; refusal: ToolError };

/** The traits of one call: the tool's per-call answer, else its static declaration. */
function traitsOf(tool: AnyTool, input: unknown): ToolCallTraits {
  const fixed = {
    idempotent: tool.idempotent,
    requiresApproval: tool.requiresApproval,
    sideEffect: tool.sideEffect,
  };
  if (!tool.traits) return fixed;
  try {
    return tool.traits(input);
  } catch {
    // A tool that cannot judge a call gets the static (conservative) traits.
    return fixed;
  }
}

function canonical(input: unknown): string {
  try {
    return stableJson(input);
  } catch {
    return JSON.stringify(input) ?? "";
  }
}

/**
 * Finds the call's tool and validates its arguments. Never throws: an unknown tool or bad arguments
 * become the refusal the model will read.
 *
 * @example
 * ```ts
 * const prepared = prepareToolCall(runtime.tools, { id: "call_1", name: "read_file", arguments: '{"path":"a.txt"}' });
 * if ("refusal" in prepared) console.log(prepared.refusal.message);
 * ```
 */
export function prepareToolCall(tools: readonly AnyTool[], call: ToolCallRequest): PreparedCall {
  const tool = tools.find((candidate) => candidate.name === call.name);
  if (!tool) {
    const names = tools.map((candidate) => candidate.name).join(", ");
    return {
      call,
      refusal: new ToolError(
        "unknown_tool",
        `there is no tool named '${call.name}'; available tools: ${names}`,
      ),
    };
  }
  try {
    const input = parseToolArguments(tool, call.arguments);
    return { call, tool, input, traits: traitsOf(tool, input), canonicalArguments: canonical(input) };
  } catch (error) {
    if (error instanceof ToolError) return { call, refusal: error };
    throw error;
  }
}
