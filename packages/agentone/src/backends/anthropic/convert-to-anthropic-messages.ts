import type {
  MessageParam,
  TextBlockParam,
  Tool,
  ToolResultBlockParam,
  ToolUseBlockParam,
} from "@anthropic-ai/sdk/resources/messages/messages";
import type { Message, ToolCallRequest } from "../../core/messages.js";
import type { BackendWarning, ToolDefinition } from "../model-backend.js";

type Block = TextBlockParam | ToolUseBlockParam | ToolResultBlockParam;
type Role = "user" | "assistant";

/** The conversation in Messages API shape. */
export interface AnthropicConversation {
  /** Every system message, joined: the Messages API takes one top-level `system`. */
  system?: string;
  messages: MessageParam[];
  warnings: BackendWarning[];
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Our arguments are raw JSON text; Anthropic wants the object. Text that is not one becomes `{}`. */
function toolInput(call: ToolCallRequest, warnings: BackendWarning[]): Record<string, unknown> {
  if (call.arguments.trim() === "") return {};
  try {
    const value: unknown = JSON.parse(call.arguments);
    if (isObject(value)) return value;
  } catch {
    // Reported below, like any other non-object.
  }
  warnings.push({
    type: "unsupported",
    feature: "tool-call-arguments",
    detail: `arguments of tool call ${call.id} (${call.name}) are not a JSON object; sent {} instead`,
  });
  return {};
}

/** Empty text blocks are rejected by the API, so empty text contributes no block. */
function textBlocks(text: string): TextBlockParam[] {
  return text === "" ? [] : [{ type: "text", text }];
}

function blocksOf(message: Exclude<Message, { role: "system" }>, warnings: BackendWarning[]): Block[] {
  switch (message.role) {
    case "user":
      return textBlocks(message.content);
    case "assistant":
      return [
        ...textBlocks(message.content),
        ...(message.toolCalls ?? []).map(
          (call): ToolUseBlockParam => ({
            type: "tool_use",
            id: call.id,
            name: call.name,
            input: toolInput(call, warnings),
          }),
        ),
      ];
    case "tool":
      return [
        {
          type: "tool_result",
          tool_use_id: message.toolCallId,
          ...(message.content === "" ? {} : { content: message.content }),
          ...(message.isError === undefined ? {} : { is_error: message.isError }),
        },
      ];
  }
}

/** The API wants `tool_result` blocks before any text in their user turn. */
function resultsFirst(blocks: Block[]): Block[] {
  return [
    ...blocks.filter((block) => block.type === "tool_result"),
    ...blocks.filter((block) => block.type !== "tool_result"),
  ];
}

function toMessageParam(turn: { role: Role; blocks: Block[] }): MessageParam {
  const blocks = turn.role === "user" ? resultsFirst(turn.blocks) : turn.blocks;
  const [only] = blocks;
  // A lone text block goes as a plain string, the common and most readable wire form.
  if (blocks.length === 1 && only?.type === "text") return { role: turn.role, content: only.text };
  return { role: turn.role, content: blocks };
}

/**
 * Converts AgentOne's conversation to the Messages API: system messages move to the top-level `system`,
 * tool calls become `tool_use` blocks (input parsed from the stored JSON text), tool results become
 * `tool_result` blocks in a user turn, and adjacent turns of the same role are merged, because the API
 * wants user and assistant turns to alternate. Messages that end up empty are dropped.
 *
 * @example
 * ```ts
 * const { system, messages, warnings } = convertToAnthropicMessages([
 *   { role: "system", content: "You are terse." },
 *   { role: "user", content: "Weather in Tokyo?" },
 * ]);
 * // system: "You are terse.", messages: [{ role: "user", content: "Weather in Tokyo?" }]
 * ```
 */
export function convertToAnthropicMessages(messages: readonly Message[]): AnthropicConversation {
  const warnings: BackendWarning[] = [];
  const system: string[] = [];
  const turns: { role: Role; blocks: Block[] }[] = [];
  for (const message of messages) {
    if (message.role === "system") {
      if (message.content !== "") system.push(message.content);
      continue;
    }
    const blocks = blocksOf(message, warnings);
    if (blocks.length === 0) continue;
    const role: Role = message.role === "assistant" ? "assistant" : "user";
    const last = turns.at(-1);
    if (last?.role === role) last.blocks.push(...blocks);
    else turns.push({ role, blocks });
  }
  return {
    ...(system.length > 0 ? { system: system.join("\n\n") } : {}),
    messages: turns.map(toMessageParam),
    warnings,
  };
}

/**
 * Converts tool definitions: Anthropic takes the JSON Schema as `input_schema`, which must be an object
 * schema.
 *
 * @example
 * ```ts
 * convertToAnthropicTools([{ name: "get_weather", description: "...", inputSchema: { type: "object" } }]);
 * // [{ name: "get_weather", description: "...", input_schema: { type: "object" } }]
 * ```
 */
export function convertToAnthropicTools(tools: readonly ToolDefinition[]): Tool[] {
  return tools.map((tool) => ({
    name: tool.name,
    description: tool.description,
    input_schema: { ...tool.inputSchema, type: "object" },
  }));
}
