import type { z } from "zod";
import { UsageError } from "../../core/errors/index.js";

/**
 * Parses a call's input with its schema, before anything is read or written. Throws UsageError naming the
 * first offending field path (`usage.outputTokens: ...`, or the unknown key a strict object rejects).
 *
 * @example
 * ```ts
 * const input = parseInput(externalDecisionInputSchema, body, "decision request");
 * ```
 */
export function parseInput<Schema extends z.ZodType>(
  schema: Schema,
  input: unknown,
  what: string,
): z.output<Schema> {
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  // An unknown field is named by zod's message ('Unrecognized key: "extra"'); the path says where.
  const path = issue?.path.join(".") ?? "";
  throw new UsageError(`invalid ${what}: ${path || "(input)"}: ${issue?.message ?? "invalid"}`);
}
