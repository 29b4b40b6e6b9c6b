/**
 * Reads a newline-delimited JSON body one value at a time, as the bytes arrive.
 *
 * A complete line that is not JSON throws a SyntaxError. A last piece without its newline is parsed if it
 * can be and dropped if it cannot: Ollama ends every line with a newline, so an unparsable tail is a cut
 * line, and the caller notices the missing final line. Errors of the body itself (a reset connection, an
 * abort) propagate unchanged. Leaving the loop early cancels the body so the connection is released.
 *
 * @example
 * ```ts
 * for await (const value of readNdjson(response.body)) console.log(value);
 * ```
 */
export async function* readNdjson(body: ReadableStream<Uint8Array>): AsyncGenerator<unknown> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let buffer = "";
  let finished = false;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      buffer += decoder.decode(value, { stream: true });
      let newline = buffer.indexOf("\n");
      while (newline !== -1) {
        const line = buffer.slice(0, newline).trim();
        buffer = buffer.slice(newline + 1);
        if (line !== "") yield JSON.parse(line) as unknown;
        newline = buffer.indexOf("\n");
      }
    }
    finished = true;
    const tail = (buffer + decoder.decode()).trim();
    if (tail !== "") {
      const value = parseTail(tail);
      if (value !== undefined) yield value;
    }
  } finally {
    if (!finished) await reader.cancel().catch(() => undefined);
    reader.releaseLock();
  }
}

function parseTail(tail: string): unknown {
  try {
    return JSON.parse(tail) as unknown;
  } catch {
    return undefined;
  }
}
