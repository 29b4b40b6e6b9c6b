import type { ModelCacheMode } from "./model-cache-key.js";

/** How the runtime caches model answers and plans (agentone.yaml's `cache:` section). */
export interface CacheSettings {
  /** False turns every cache off (config `cache.enabled: false`, or `AGENTONE_CACHE=off`). */
  enabled: boolean;
  /**
   * `deterministic-only`: answers are served only for calls that would repeat themselves anyway
   * (temperature 0, or a seed the model honours). `always`: for every call.
   */
  mode: Exclude<ModelCacheMode, "off">;
  /** How long an entry is served after it was written. */
  ttlMs: number;
  /** Whose entries these are: one tenant never reads another's answers. */
  tenant: string;
}

/** A week: long enough for "run it again tomorrow", short enough that model updates are picked up. */
export const defaultCacheTtlMs = 7 * 24 * 60 * 60 * 1000;

export const defaultCacheSettings: CacheSettings = {
  enabled: true,
  mode: "deterministic-only",
  ttlMs: defaultCacheTtlMs,
  tenant: "default",
};

/**
 * The settings with defaults filled in.
 *
 * @example
 * ```ts
 * resolveCacheSettings({ tenant: "team-a" }); // enabled, deterministic-only, 7 days, tenant "team-a"
 * ```
 */
export function resolveCacheSettings(settings: Partial<CacheSettings> = {}): CacheSettings {
  return { ...defaultCacheSettings, ...settings };
}
