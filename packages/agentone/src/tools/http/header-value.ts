/** Response or request header fields as node:http gives them: lower-case names, repeated fields as arrays. */
export type HeaderFields = Readonly<Record<string, string | readonly string[] | undefined>>;

/**
 * One field's value as a single string (repeated lines joined with ", ", as HTTP lists are), or
 * undefined when the field is absent.
 *
 * @example
 * ```ts
 * headerValue({ vary: ["accept", "origin"] }, "vary"); // "accept, origin"
 * ```
 */
export function headerValue(headers: HeaderFields, name: string): string | undefined {
  const value = headers[name];
  if (value === undefined) return undefined;
  return typeof value === "string" ? value : value.join(", ");
}

/**
 * The members of a comma-separated list field, trimmed and lower-cased, empty members dropped.
 *
 * @example
 * ```ts
 * headerList({ vary: "Accept, *" }, "vary"); // ["accept", "*"]
 * ```
 */
export function headerList(headers: HeaderFields, name: string): string[] {
  const value = headerValue(headers, name);
  if (value === undefined) return [];
  return value
    .split(",")
    .map((member) => member.trim().toLowerCase())
    .filter((member) => member !== "");
}

/** Header fields as this cache stores them: JSON-safe, no absent fields. */
export type StoredHeaders = Record<string, string | string[]>;
