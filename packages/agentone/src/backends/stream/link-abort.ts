import type { ModelStreamPart } from "../model-backend.js";

/**
 * Runs one streamed call on an abort signal of its own that follows the caller's, and aborts it when the
 * stream does not finish: a consumer that stops reading (`break`, `return()`) or a failure ends the HTTP
 * request, so the server sees the connection close. `open` gets that signal and yields the parts;
 * `failure` turns what it threw into the error the caller sees. The caller's signal is let go of at the
 * end, so that a long-lived signal does not collect listeners.
 *
 * @example
 * ```ts
 * stream(request) {
 *   return linkedAbortStream(request.signal, (signal) => this.#parts(request, signal), (error) => this.#failure(error, request));
 * }
 * ```
 */
export async function* linkedAbortStream(
  signal: AbortSignal | undefined,
  open: (linked: AbortSignal) => AsyncIterable<ModelStreamPart>,
  failure: (error: unknown) => unknown,
): AsyncGenerator<ModelStreamPart, void, undefined> {
  const controller = new AbortController();
  const follow = () => controller.abort(signal?.reason);
  if (signal?.aborted) follow();
  else signal?.addEventListener("abort", follow, { once: true });
  let finished = false;
  try {
    yield* open(controller.signal);
    finished = true;
  } catch (error) {
    throw failure(error);
  } finally {
    signal?.removeEventListener("abort", follow);
    if (!finished) controller.abort();
  }
}
