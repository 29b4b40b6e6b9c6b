import type { ModelResponse, ModelStreamDelta, ModelStreamPart } from "../model-backend.js";

/** Passes the reader's deltas on while keeping the text they carried; closes the reader on early exit. */
async function* watchText<Result>(
  deltas: AsyncGenerator<ModelStreamDelta, Result, undefined>,
  seen: { text: string },
): AsyncGenerator<ModelStreamDelta, Result, undefined> {
  try {
    for (;;) {
      const next = await deltas.next();
      if (next.done) return next.value;
      if (next.value.type === "text-delta") seen.text += next.value.text;
      yield next.value;
    }
  } finally {
    // A consumer that stopped reading stops the reader too, which lets go of the connection.
    await deltas.return(undefined as Result);
  }
}

/**
 * Turns an adapter's wire reader (deltas, then the answer as read from the wire) into the full part
 * stream: the deltas as they arrive, then `finish` with the response built from the reader's result.
 * Text the response adds at the end that the wire never streamed (a refusal's explanation, OpenAI's
 * `refusal` standing in for absent content) comes as one last `text-delta`, so the deltas always join to
 * the response's text.
 *
 * @example
 * ```ts
 * yield* finishStream(readOllamaStream(body, secrets), (line) => toModelResponse(line, context));
 * ```
 */
export async function* finishStream<Result>(
  deltas: AsyncGenerator<ModelStreamDelta, Result, undefined>,
  toResponse: (result: Result) => ModelResponse | Promise<ModelResponse>,
): AsyncGenerator<ModelStreamPart, void, undefined> {
  const seen = { text: "" };
  const result = yield* watchText(deltas, seen);
  const response = await toResponse(result);
  if (response.text.length > seen.text.length && response.text.startsWith(seen.text)) {
    yield { type: "text-delta", text: response.text.slice(seen.text.length) };
  }
  yield { type: "finish", response };
}
