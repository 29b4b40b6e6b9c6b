/**
 * An error's message with its cause's, since Node's fetch says only "fetch failed" and keeps the reason
 * (refused, reset, closed) in `cause`.
 *
 * @example
 * ```ts
 * describeError(new TypeError("fetch failed", { cause: new Error("other side closed") }));
 * // "fetch failed (other side closed)"
 * ```
 */
export function describeError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause instanceof Error ? error.cause.message : undefined;
  return cause && !error.message.includes(cause) ? `${error.message} (${cause})` : error.message;
}
