import type { ModelBackend, ModelRequest, ModelResponse } from "../../backends/model-backend.js";
import { ModelCallError } from "../../core/errors/index.js";
import type { PartDelivery } from "./governed-call.js";

/**
 * Sends one attempt's request. Without a delivery it is one `generate` call; a streamed call hands each delta to the delivery as it arrives and returns the whole
 * answer its `finish` part carries. A stream that ends without one was cut (`cut_stream`).
 *
 * @example
 * ```ts
 * const response = await sendRequest({ backend, request, delivery: null, signal });
 * ```
 */
export async function sendRequest(input: {
  backend: ModelBackend;
  request: ModelRequest;
  delivery: PartDelivery | null;
  signal: AbortSignal;
}): Promise<ModelResponse> {
  const { backend, request, delivery } = input;
  if (delivery === null) return backend.generate(request);
  for await (const part of backend.stream(request)) {
    if (part.type === "finish") return part.response;
    await delivery.deliver(part, input.signal);
  }
  throw new ModelCallError("cut_stream", `the stream from ${backend.name} ended without its finish part`);
}
