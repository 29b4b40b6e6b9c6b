import type { ModelRequest, ModelResponse, ModelStreamPart } from "../backends/model-backend.js";
import { streamOfResponse } from "../backends/stream/parts-of-response.js";

/**
 * Gives a hand-written fake backend that only answers `generate` the `stream` every ModelBackend has:
 * the same answer, as deltas then `finish` (`streamOfResponse`). The object itself is returned, with
 * `stream` added, so counters and `this` inside `generate` keep working.
 *
 * @example
 * ```ts
 * const counter = { calls: 0 };
 * const backend = withStreamFromGenerate({
 *   name: "simulated",
 *   generate: (request) => { counter.calls++; return simulator.generate(request); },
 * });
 * ```
 */
export function withStreamFromGenerate<
  Backend extends { generate(request: ModelRequest): Promise<ModelResponse> },
>(backend: Backend): Backend & { stream(request: ModelRequest): AsyncIterable<ModelStreamPart> } {
  return Object.assign(backend, {
    stream: (request: ModelRequest) => streamOfResponse(() => backend.generate(request)),
  });
}
