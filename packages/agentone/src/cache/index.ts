export { sha256Hex, stableJson } from "../core/stable-json.js";
export { LruCache, type LruCacheOptions } from "./lru-cache.js";
export {
  isDeterministicEnough,
  type ModelCacheKeyInput,
  type ModelCacheMode,
  modelCacheKey,
  modelCacheModes,
  type ToolDefinitionForKey,
} from "./model-cache-key.js";
export {
  type CacheStore,
  TieredCache,
  type TieredCacheFailure,
  type TieredCacheHit,
  type TieredCacheOptions,
  type TieredCachePutOptions,
} from "./tiered-cache.js";
export { type ToolCacheKeyInput, toolCacheKey } from "./tool-cache-key.js";
