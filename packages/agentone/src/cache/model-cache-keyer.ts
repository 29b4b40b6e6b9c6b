import { createHash, type Hash } from "node:crypto";
import { MessageMemo } from "../core/message-memo.js";
import { stableJson } from "../core/stable-json.js";
import {
  type ModelCacheKeyInput,
  modelCacheKey,
  modelCacheKeyDocument,
  type ToolDefinitionForKey,
} from "./model-cache-key.js";

/** Computes {@link modelCacheKey} for a run's successive calls without encoding or hashing the same text again. */
export interface ModelCacheKeyer {
  keyOf(input: ModelCacheKeyInput): string;
}

/**
 * The hash of a request's canonical JSON up to the end of some of its messages, with the messages it
 * covers: a later request that starts with the same text and the same messages carries on from it.
 */
interface Chain {
  fragments: readonly string[];
  /**
   * How many of `fragments` the hash covers after the key's head (all but the request's last message,
   * usually the budget line, which changes from call to call).
   */
  covered: number;
  hash: Hash;
}

const emptyInput: ModelCacheKeyInput = { model: "", messages: [], tools: [], maxOutputTokens: 0 };

/** Chains kept: one per model and call shape in use (an act step's system prompt differs from a replan's). */
const maxChains = 16;

const messagesOpening = '"messages":[';
const toolsOpening = '"tools":[';

/**
 * The key's canonical JSON with empty message and tool lists, cut around the lists. `stableJson` writes a
 * list as its items' canonical JSON joined by commas between brackets, so the whole key's text is
 * `head + messages + middle + tools + tail`. The cut points cannot be mistaken for text inside a value:
 * every string is JSON-encoded, so a quote in it is written `\"`.
 */
function skeleton(input: ModelCacheKeyInput): { head: string; middle: string; tail: string } {
  const text = stableJson(modelCacheKeyDocument({ ...input, messages: [], tools: [] }));
  const messagesAt = text.indexOf(`${messagesOpening}]`) + messagesOpening.length;
  const toolsAt = text.indexOf(`${toolsOpening}]`, messagesAt) + toolsOpening.length;
  return {
    head: text.slice(0, messagesAt),
    middle: text.slice(messagesAt, toolsAt),
    tail: text.slice(toolsAt),
  };
}

/**
 * A {@link ModelCacheKeyer} that remembers each message's canonical JSON (a {@link MessageMemo}) and each
 * tool's, and keeps the SHA-256 state after the messages two calls share: a run's next request is the
 * last one's system prompt and conversation plus the messages added since (and a new budget line), so
 * only those are hashed. The key is the SHA-256 of the same bytes `modelCacheKey` hashes, so it is equal to
 * it; a request this path cannot encode is handed to `modelCacheKey`, which then throws its usual error.
 *
 * @example
 * ```ts
 * const keyer = createModelCacheKeyer();
 * keyer.keyOf(input) === modelCacheKey(input); // true
 * ```
 */
export function createModelCacheKeyer(): ModelCacheKeyer {
  const messageJson = new MessageMemo((message) => stableJson(message), { byText: true });
  const toolJson = new WeakMap<
    object,
    { name: string; description: string; schema: unknown; json: string }
  >();
  const chains = new Map<string, Chain>();

  const toolFragment = (tool: ToolDefinitionForKey): string => {
    const entry = toolJson.get(tool);
    if (
      entry !== undefined &&
      entry.name === tool.name &&
      entry.description === tool.description &&
      entry.schema === tool.inputSchema
    )
      return entry.json;
    // The tool's entry as the key's document holds it (name, description and schema, nothing else).
    const [entryOfTool] = modelCacheKeyDocument({ ...emptyInput, tools: [tool] }).tools;
    const json = stableJson(entryOfTool);
    toolJson.set(tool, { name: tool.name, description: tool.description, schema: tool.inputSchema, json });
    return json;
  };

  const chainFor = (head: string, fragments: readonly string[]): Chain => {
    // Keyed by the system prompt too, so an act step's chain survives the replan steps between them.
    const name = `${head}\n${fragments[0] ?? ""}`;
    const found = chains.get(name);
    chains.delete(name);
    let chain: Chain;
    if (found !== undefined && continues(found, fragments)) chain = found;
    else {
      if (chains.size >= maxChains) chains.delete(chains.keys().next().value as string);
      chain = { fragments, covered: 0, hash: createHash("sha256").update(head) };
    }
    chains.set(name, chain);
    return chain;
  };

  return {
    keyOf(input) {
      let parts: ReturnType<typeof skeleton>;
      let fragments: string[];
      let tools: string[];
      try {
        parts = skeleton(input);
        fragments = messageJson.valuesOf(input.messages);
        tools = input.tools.map(toolFragment);
      } catch {
        // Something canonical JSON refuses: the plain path says what and where.
        return modelCacheKey(input);
      }
      const chain = chainFor(parts.head, fragments);
      const cover = Math.max(chain.covered, fragments.length - 1);
      for (let index = chain.covered; index < cover; index++) {
        if (index > 0) chain.hash.update(",");
        chain.hash.update(fragments[index] as string);
      }
      chain.fragments = fragments;
      chain.covered = cover;
      const final = chain.hash.copy();
      for (let index = cover; index < fragments.length; index++) {
        if (index > 0) final.update(",");
        final.update(fragments[index] as string);
      }
      final.update(parts.middle);
      final.update(tools.join(","));
      final.update(parts.tail);
      return final.digest("hex");
    },
  };
}

/** Whether the chain's covered messages open this request (same canonical JSON, in the same places). */
function continues(chain: Chain, fragments: readonly string[]): boolean {
  if (chain.covered > fragments.length) return false;
  for (let index = 0; index < chain.covered; index++)
    if (chain.fragments[index] !== fragments[index]) return false;
  return true;
}
