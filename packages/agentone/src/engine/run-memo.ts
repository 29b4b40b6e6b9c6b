import type { ToolDefinition } from "../backends/model-backend.js";
import { createRequestTokenMemo, type RequestTokenMemo } from "../backends/request-token-memo.js";
import { createModelCacheKeyer, type ModelCacheKeyer } from "../cache/model-cache-keyer.js";
import { MessageMemo } from "../core/message-memo.js";
import type { Message } from "../core/messages.js";
import type { AnyTool } from "../tools/tool.js";
import type { Runtime } from "./runtime.js";
import { createConversationMemo, sendableMessage } from "./step/conversation.js";
import { toolDefinitions } from "./tool-call/execute-tools.js";

/**
 * What a run derives once and reuses at every step, where deriving it again made each step cost more than
 * the last: the tools' definitions (JSON Schemas), per message its token count, canonical JSON and the
 * form it is sent in, and the conversation built from the log.
 * Each gives exactly what deriving afresh gives (see the modules); it lives as long as the run's context.
 */
export interface RunMemo {
  /** The runtime's tools as offered to the model, built on first use (a fresh list, shared definitions). */
  toolDefinitions(): ToolDefinition[];
  /** Input tokens of a request, as `estimateRequestTokens` counts them. */
  requestTokens: RequestTokenMemo;
  /** The response-cache key of a request, as `modelCacheKey` computes it. */
  cacheKeys: ModelCacheKeyer;
  /**
   * The conversation to send for the run's messages (`conversationFor`), each message in the form it is
   * sent (`sendableMessage`, the same object for an unchanged message); the part of it that earlier steps
   * settled is not walked again (see `createConversationMemo`).
   */
  conversation(messages: readonly Message[]): Message[];
}

/**
 * A run's memo over its runtime's token counter and tools.
 *
 * @example
 * ```ts
 * const context: RunContext = { runtime, log, ledger, random, killSignal, policy, memo: createRunMemo(runtime) };
 * ```
 */
export function createRunMemo(runtime: Pick<Runtime, "tokenCounter" | "tools">): RunMemo {
  const sendable = new MessageMemo(sendableMessage);
  let definitions: { tools: readonly AnyTool[]; list: ToolDefinition[] } | undefined;
  return {
    toolDefinitions() {
      if (definitions === undefined || !sameTools(definitions.tools, runtime.tools))
        definitions = { tools: [...runtime.tools], list: toolDefinitions(runtime.tools) };
      return [...definitions.list];
    },
    requestTokens: createRequestTokenMemo(runtime.tokenCounter),
    cacheKeys: createModelCacheKeyer(),
    conversation: createConversationMemo((messages) => sendable.valuesOf(messages)),
  };
}

/** The same tool objects in the same order (a runtime's list is not meant to change, but nothing forbids it). */
function sameTools(before: readonly AnyTool[], now: readonly AnyTool[]): boolean {
  return before.length === now.length && before.every((tool, index) => tool === now[index]);
}
