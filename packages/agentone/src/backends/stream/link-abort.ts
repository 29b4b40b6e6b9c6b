/**
 * An abort controller for one streamed call, following the caller's signal. The adapter aborts it when the
 * consumer stops reading, which ends the HTTP request (the server sees the connection close); `release`
 * stops following the caller's signal so that a long-lived signal does not collect listeners.
 *
 * @example
 * ```ts
 * const link = linkAbort(request.signal);
 * try { ... fetch(url, { signal: link.signal }) ... } finally { link.release(); if (!done) link.abort(); }
 * ```
 */
export function linkAbort(signal: AbortSignal | undefined): {
  signal: AbortSignal;
  abort: () => void;
  release: () => void;
} {
  const controller = new AbortController();
  const follow = () => controller.abort(signal?.reason);
  if (signal?.aborted) follow();
  else signal?.addEventListener("abort", follow, { once: true });
  return {
    signal: controller.signal,
    abort: () => controller.abort(),
    release: () => signal?.removeEventListener("abort", follow),
  };
}
