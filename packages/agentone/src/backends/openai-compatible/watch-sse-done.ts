/** The terminator OpenAI-compatible servers send after the last chunk. */
const doneLine = /\ndata: ?\[DONE\]\s*$|\ndata: ?\[DONE\]\r?\n/;

/**
 * Passes an SSE body through unchanged while watching for its `data: [DONE]` line. The SDK consumes
 * that line silently, yet it is what tells a stream that ended as the server meant it to from one whose
 * connection was closed early: only the first may be completed without its usage chunk.
 *
 * @example
 * ```ts
 * const watched = watchSseDone(response.body);
 * // ... read watched.body to its end ...
 * watched.sawDone(); // true when the server sent `data: [DONE]`
 * ```
 */
export function watchSseDone(body: ReadableStream<Uint8Array>): {
  body: ReadableStream<Uint8Array>;
  sawDone: () => boolean;
} {
  const decoder = new TextDecoder();
  // The body starts at a line start; afterwards only an unfinished short line is carried over.
  let tail = "\n";
  let done = false;
  const watcher = new TransformStream<Uint8Array, Uint8Array>({
    transform(chunk, controller) {
      if (!done) {
        // The line may straddle two chunks: carry the unfinished last line over when it could be its start.
        const text = tail + decoder.decode(chunk, { stream: true });
        done = doneLine.test(text);
        const lastLine = text.slice(Math.max(0, text.lastIndexOf("\n")));
        tail = lastLine.startsWith("\n") && lastLine.length <= 16 ? lastLine : "";
      }
      controller.enqueue(chunk);
    },
  });
  return { body: body.pipeThrough(watcher), sawDone: () => done };
}
