import type { ModelStreamPart } from "../../backends/model-backend.js";
import { ModelCallError } from "../../core/errors/index.js";
import type { RunContext } from "../run-context.js";
import { runGovernedCall } from "./govern-model-call.js";
import type { GovernedCallRequest } from "./governed-call.js";
import { PartChannel } from "./part-channel.js";

/**
 * The reason a streamed call ends when its consumer stops reading (`break`, `return()`): the backend
 * request is aborted with it, and the call settles as an answer cut after the server accepted it.
 */
export function consumerStoppedError(): ModelCallError {
  return new ModelCallError("aborted", "the consumer stopped reading the stream", { retryable: false });
}

/**
 * The streamed form of `governModelCall`: the same governance (reserved before the first byte, settled and
 * recorded at the end), with the backend's text and tool-call deltas passed through as they arrive and one
 * `finish` part last, carrying the whole answer as the events record it.
 *
 * - Retries and fallbacks happen only before the first delta reached the consumer; after it, a failure
 *   ends the stream (the iterator throws it).
 * - A stream cut midway (`cut_stream`), a kill mid-stream (KillSwitchTriggeredError) and a consumer that
 *   stops reading all abort the backend request and settle the attempt at the reservation's input
 *   estimate: the server had accepted the request. A consumer's `return()` resolves once that is recorded.
 * - An answer served from the cache gives no deltas: only the `finish` part.
 *
 * @example
 * ```ts
 * for await (const part of streamModelCall(context, request)) {
 *   if (part.type === "text-delta") process.stdout.write(part.text);
 *   if (part.type === "finish") console.log(part.response.usage);
 * }
 * ```
 */
export async function* streamModelCall(
  context: RunContext,
  request: GovernedCallRequest,
): AsyncGenerator<ModelStreamPart, void, undefined> {
  const channel = new PartChannel();
  const call = runGovernedCall(context, request, channel).then(
    (result) => channel.put({ type: "done", result }),
    (error: unknown) => channel.put({ type: "failed", error }),
  );
  let ended = false;
  try {
    for (;;) {
      const item = await channel.take();
      if (item.type === "failed") {
        ended = true;
        throw item.error;
      }
      if (item.type === "done") {
        ended = true;
        yield { type: "finish", response: item.result.response };
        return;
      }
      yield item.part;
      item.taken();
    }
  } finally {
    if (!ended) {
      channel.stop(consumerStoppedError());
      await call;
    }
  }
}
