import type { z } from "zod";

/** What is wrong with a request body, in protocol-neutral terms; each protocol words it its own way. */
export interface RequestProblem {
  /** Where in the body, e.g. `["messages", 0, "role"]`; empty for the body as a whole. */
  path: (string | number)[];
  /** The field is absent (as opposed to present but invalid). */
  missing: boolean;
  message: string;
}

function valueAt(body: unknown, path: readonly PropertyKey[]): unknown {
  let value = body;
  for (const key of path) {
    if (typeof value !== "object" || value === null) return undefined;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value;
}

/** The first problem zod found in `body`. */
export function firstProblem(error: z.ZodError, body: unknown): RequestProblem {
  const issue = error.issues[0];
  if (!issue) return { path: [], missing: false, message: "Invalid request body" };
  const path = issue.path.filter((key): key is string | number => typeof key !== "symbol");
  return { path, missing: valueAt(body, path) === undefined, message: issue.message };
}

/** `messages.0.role`, the style of Anthropic's (pydantic) messages. */
export const dottedPath = (path: readonly (string | number)[]): string => path.join(".");

/** The body parsed as JSON, or why it is not JSON (`empty` when there is no body at all). */
export function parseJsonBody(text: string): { ok: true; value: unknown } | { ok: false; detail: string } {
  if (text.trim() === "") return { ok: false, detail: "empty" };
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (error) {
    return { ok: false, detail: error instanceof Error ? error.message : String(error) };
  }
}
