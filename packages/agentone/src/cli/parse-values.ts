import { InvalidArgumentError } from "commander";
import { type QualityLevel, qualityLevels } from "../core/quality-levels.js";

/** A non-negative number option (dollars). */
export function parseAmount(value: string): number {
  const number = Number(value);
  if (value.trim() === "" || !Number.isFinite(number) || number < 0)
    throw new InvalidArgumentError("expected a non-negative number.");
  return number;
}

/** A non-negative whole-number option (counts, tokens, seconds). */
export function parseCount(value: string): number {
  const number = Number(value);
  if (!/^\d+$/.test(value.trim()) || !Number.isSafeInteger(number))
    throw new InvalidArgumentError("expected a whole number (0 or more).");
  return number;
}

/**
 * A positive dollar limit: a budget of 0 could only start a run that stops at once, so it is bad usage
 * (exit 2, nothing written) rather than a run that ends partial.
 */
export function parsePositiveAmount(value: string): number {
  const number = Number(value);
  if (value.trim() === "" || !Number.isFinite(number) || number <= 0)
    throw new InvalidArgumentError("expected a number greater than 0.");
  return number;
}

/** A positive whole-number limit (tokens, steps, calls, seconds); 0 is refused like a 0 dollar budget. */
export function parsePositiveCount(value: string): number {
  const number = Number(value);
  if (!/^\d+$/.test(value.trim()) || !Number.isSafeInteger(number) || number === 0)
    throw new InvalidArgumentError("expected a whole number greater than 0.");
  return number;
}

const onExhaustEntries = ["degrade", "summarize", "best-effort", "ask-human", "hard-stop"];

/** `--on-exhaust`: one termination policy, optionally preceded by `degrade`, comma-separated. */
export function parseOnExhaust(value: string): string[] {
  const entries = value
    .split(",")
    .map((entry) => entry.trim())
    .filter(Boolean);
  const unknown = entries.find((entry) => !onExhaustEntries.includes(entry));
  if (entries.length === 0 || unknown !== undefined) {
    throw new InvalidArgumentError(
      `expected ${onExhaustEntries.slice(1).join("|")}, optionally after "degrade," (got "${unknown ?? value}").`,
    );
  }
  if (entries.filter((entry) => entry !== "degrade").length > 1)
    throw new InvalidArgumentError("name at most one termination policy.");
  return entries;
}

export function parseClock(value: string): "auto" | "real" | "virtual" {
  if (value !== "auto" && value !== "real" && value !== "virtual") {
    throw new InvalidArgumentError('expected "auto", "real" or "virtual".');
  }
  return value;
}

export function parseUsageAnomalyPolicy(value: string): "stop" | "warn" {
  if (value !== "stop" && value !== "warn") throw new InvalidArgumentError('expected "stop" or "warn".');
  return value;
}

export function parseQuality(value: string): QualityLevel {
  if (!(qualityLevels as readonly string[]).includes(value)) {
    throw new InvalidArgumentError(`expected ${qualityLevels.map((level) => `"${level}"`).join(", ")}.`);
  }
  return value as QualityLevel;
}
