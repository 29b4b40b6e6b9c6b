/** Parses text as a JSON object; null when it is not one. */
function parseObject(text: string): Record<string, unknown> | null {
  try {
    const value: unknown = JSON.parse(text);
    return value !== null && typeof value === "object" && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : null;
  } catch {
    return null;
  }
}

/**
 * Finds the JSON object in an agent's answer: the first ```json fence (or plain ``` fence) that parses,
 * else the whole answer, else the span from the first "{" to the last "}".
 *
 * @example
 * ```ts
 * jsonObjectInAnswer('Here it is:\n```json\n{"a": 1}\n```'); // { a: 1 }
 * ```
 */
export function jsonObjectInAnswer(answer: string): Record<string, unknown> | null {
  for (const match of answer.matchAll(/```(?:json)?[^\S\n]*\n([\s\S]*?)```/gi)) {
    const parsed = parseObject(match[1] ?? "");
    if (parsed !== null) return parsed;
  }
  const whole = parseObject(answer.trim());
  if (whole !== null) return whole;
  const start = answer.indexOf("{");
  const end = answer.lastIndexOf("}");
  return start >= 0 && end > start ? parseObject(answer.slice(start, end + 1)) : null;
}

/** Parses a file's text as a JSON object; null when it is missing or not an object. */
export function jsonObjectInFile(text: string | null): Record<string, unknown> | null {
  return text === null ? null : parseObject(text.trim());
}
