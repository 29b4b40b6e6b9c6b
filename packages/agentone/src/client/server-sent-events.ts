/** One message of a `text/event-stream`, as the HTML standard's parsing rules assemble it. */
export interface ServerSentMessage {
  /** The `id:` field of this message, if it had one. */
  id: string | undefined;
  /** The `event:` field; `message` when absent. */
  event: string;
  /** The `data:` lines, joined with newlines. */
  data: string;
  /** A `retry:` field: the reconnection delay the server asks for, in milliseconds. */
  retry: number | undefined;
}

/**
 * Reads the messages of an event stream as they arrive (the parsing rules of the HTML standard's
 * "server-sent events": lines end in CR, LF or CRLF, `:` starts a comment, a blank line dispatches).
 * Leaving the loop early cancels the stream, which closes the connection.
 *
 * @example
 * ```ts
 * const response = await fetch(url, { headers: { accept: "text/event-stream" } });
 * for await (const message of readServerSentEvents(response.body!)) console.log(message.id, message.data);
 * ```
 */
export async function* readServerSentEvents(
  body: ReadableStream<Uint8Array>,
): AsyncGenerator<ServerSentMessage, void, undefined> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let buffer = "";
  let message = emptyMessage();
  let hasData = false;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      buffer += done ? decoder.decode() : decoder.decode(value, { stream: true });
      // A CR at the very end may be the first half of a CRLF: wait for the next chunk unless done.
      for (let end = lineEnd(buffer, done); end !== -1; end = lineEnd(buffer, done)) {
        const line = buffer.slice(0, end);
        buffer = buffer.slice(buffer[end] === "\r" && buffer[end + 1] === "\n" ? end + 2 : end + 1);
        if (line === "") {
          if (hasData) yield message;
          message = emptyMessage();
          hasData = false;
          continue;
        }
        if (line.startsWith(":")) continue;
        const colon = line.indexOf(":");
        const field = colon === -1 ? line : line.slice(0, colon);
        const raw = colon === -1 ? "" : line.slice(colon + 1);
        const text = raw.startsWith(" ") ? raw.slice(1) : raw;
        if (field === "data") {
          message.data = hasData ? `${message.data}\n${text}` : text;
          hasData = true;
        } else if (field === "id" && !text.includes("\0")) message.id = text;
        else if (field === "event") message.event = text;
        else if (field === "retry" && /^\d+$/.test(text)) message.retry = Number(text);
      }
      // An unfinished message at the end of the stream is dropped, as the standard says.
      if (done) return;
    }
  } finally {
    await reader.cancel().catch(() => {});
  }
}

function emptyMessage(): ServerSentMessage {
  return { id: undefined, event: "message", data: "", retry: undefined };
}

/** The index of the first line ending in `buffer`, or -1; a trailing CR counts only at the stream's end. */
function lineEnd(buffer: string, done: boolean): number {
  for (let index = 0; index < buffer.length; index += 1) {
    const char = buffer[index];
    if (char === "\n") return index;
    if (char === "\r") return index + 1 < buffer.length || done ? index : -1;
  }
  return -1;
}
