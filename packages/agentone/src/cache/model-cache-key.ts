import { ConfigError } from "../core/errors/index.js";
import type { Message } from "../core/messages.js";
import { sha256Hex, stableJson } from "../core/stable-json.js";

/** A tool as offered to the model: everything that reaches the provider, so any change changes the key. */
export interface ToolDefinitionForKey {
  name: string;
  description: string;
  /** The JSON Schema sent to the provider (e.g. from `z.toJSONSchema(tool.inputSchema)`). */
  inputSchema: unknown;
}

/** Everything that decides what a model call returns. */
export interface ModelCacheKeyInput {
  /** The exact model the call goes to (include the version when the catalog pins one). */
  model: string;
  /** The backend serving it, when one model name can reach several providers. */
  backend?: string;
  /** The context window the request is sent with (it reaches Ollama as `num_ctx`). */
  contextWindow?: number;
  messages: readonly Message[];
  /** In the order offered: the order reaches the prompt, so it is not sorted away. */
  tools: readonly ToolDefinitionForKey[];
  temperature?: number;
  seed?: number;
  maxOutputTokens: number;
}

// Bumped whenever the key's layout changes, so entries written under an old layout are never read back.
const keyLayoutVersion = 1;

/**
 * The cache key of a model call: SHA-256 of the canonical JSON of everything the provider receives.
 *
 * Normalisation is limited to what cannot reach the provider: object key order and properties holding
 * `undefined` (an absent optional field). Message text is kept byte for byte, trailing whitespace
 * included: tokenizers see it, so trimming would let two requests with different prompts share an answer.
 * Tool order, tool-call argument text and a missing versus an empty `toolCalls` list are likewise kept.
 *
 * @example
 * ```ts
 * const key = modelCacheKey({ model: "gpt-4o-mini", messages, tools: [], temperature: 0, maxOutputTokens: 512 });
 * ```
 */
export function modelCacheKey(input: ModelCacheKeyInput): string {
  return sha256Hex(stableJson(modelCacheKeyDocument(input)));
}

/**
 * The document a key is the hash of (its canonical JSON): one definition for `modelCacheKey` and for the
 * keyer that computes the same key incrementally (`createModelCacheKeyer`).
 */
export function modelCacheKeyDocument(input: ModelCacheKeyInput) {
  return {
    layout: keyLayoutVersion,
    model: input.model,
    backend: input.backend,
    contextWindow: input.contextWindow,
    messages: input.messages,
    tools: input.tools.map((tool) => ({
      name: tool.name,
      description: tool.description,
      inputSchema: tool.inputSchema,
    })),
    temperature: input.temperature,
    seed: input.seed,
    maxOutputTokens: input.maxOutputTokens,
  };
}

/** When model answers may be served from the cache. */
export const modelCacheModes = ["deterministic-only", "always", "off"] as const;
export type ModelCacheMode = (typeof modelCacheModes)[number];

/**
 * Whether a model call may be answered from the cache. `deterministic-only` allows it when the call
 * would give the same answer again anyway: temperature 0, or a fixed seed (backends that honour seeds
 * repeat themselves). A call with neither samples afresh each time, and caching would hide that.
 *
 * @example
 * ```ts
 * isDeterministicEnough({ temperature: 0, mode: "deterministic-only" }); // true
 * isDeterministicEnough({ temperature: 0.7, mode: "deterministic-only" }); // false
 * ```
 */
export function isDeterministicEnough(input: {
  temperature?: number;
  seed?: number;
  mode: ModelCacheMode;
}): boolean {
  switch (input.mode) {
    case "off":
      return false;
    case "always":
      return true;
    case "deterministic-only":
      return input.temperature === 0 || input.seed !== undefined;
    default:
      // Reachable from untyped configuration only.
      throw new ConfigError(
        `unknown model cache mode '${String(input.mode)}'; use one of ${modelCacheModes.join(", ")}`,
        { key: "mode" },
      );
  }
}
