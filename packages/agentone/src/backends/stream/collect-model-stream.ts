import { ModelCallError } from "../../core/errors/index.js";
import type { ModelResponse, ModelStreamPart } from "../model-backend.js";

/**
 * Reads a part stream to its end and returns the answer its `finish` part carries: how `generate` is
 * built on `stream`, so that one reader serves both. Errors of the stream pass through unchanged; a
 * stream that ends without `finish` broke the contract and is a retryable `cut_stream`, never an empty
 * answer.
 *
 * @example
 * ```ts
 * const response = await collectModelStream(backend.stream(request));
 * response.text; // the whole text, as `generate` returns it
 * ```
 */
export async function collectModelStream(parts: AsyncIterable<ModelStreamPart>): Promise<ModelResponse> {
  for await (const part of parts) {
    if (part.type === "finish") return part.response;
  }
  throw new ModelCallError("cut_stream", "the model stream ended without its finish part");
}
