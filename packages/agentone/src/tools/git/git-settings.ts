import { ConfigError } from "../../core/errors/index.js";
import type { Environment } from "../shell/scrub-environment.js";

export interface GitToolsOptions {
  /** The environment git starts from, before scrubbing (`scrubEnvironment`). Default `process.env`. */
  environment?: Environment;
  /** Real-time limit per git invocation. Default 60,000 ms. */
  timeoutMs?: number;
  /** Output beyond this is cut in the middle (head and tail kept). Default 16,000 characters. */
  maxOutputCharacters?: number;
}

/** `GitToolsOptions` with every default filled in and every value checked. */
export interface GitSettings {
  environment: Environment;
  timeoutMs: number;
  maxOutputCharacters: number;
}

function positiveInteger(value: number, key: string): number {
  if (!Number.isInteger(value) || value <= 0) {
    throw new ConfigError(`${key} must be a positive whole number, got ${value}`, { key });
  }
  return value;
}

/**
 * Fills in the defaults of the git tools' options, refusing bad values with a `ConfigError` naming the key.
 *
 * @example
 * ```ts
 * resolveGitSettings({ timeoutMs: 10_000 }).maxOutputCharacters; // 16000
 * ```
 */
export function resolveGitSettings(options: GitToolsOptions = {}): GitSettings {
  return {
    environment: options.environment ?? process.env,
    timeoutMs: positiveInteger(options.timeoutMs ?? 60_000, "timeoutMs"),
    maxOutputCharacters: positiveInteger(options.maxOutputCharacters ?? 16_000, "maxOutputCharacters"),
  };
}
