/** One server-sent event as a test reads it. */
export interface SseEvent {
  id: string;
  event: string;
  data: string;
}

/**
 * Opens an event stream and reads events until `enough` says so (then disconnects) or the server ends the
 * stream. Returns the events read, in order.
 */
export async function readEventStream(
  url: string,
  options: { key: string; lastEventId?: string; enough?: (events: readonly SseEvent[]) => boolean },
): Promise<{ status: number; contentType: string | null; events: SseEvent[] }> {
  const abort = new AbortController();
  const response = await fetch(url, {
    headers: {
      accept: "text/event-stream",
      authorization: `Bearer ${options.key}`,
      ...(options.lastEventId === undefined ? {} : { "last-event-id": options.lastEventId }),
    },
    signal: abort.signal,
  });
  const events: SseEvent[] = [];
  if (!response.body)
    return { status: response.status, contentType: response.headers.get("content-type"), events };
  const decoder = new TextDecoder();
  let buffer = "";
  const reader = response.body.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      buffer += decoder.decode(value, { stream: true });
      let end = buffer.indexOf("\n\n");
      while (end !== -1) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const fields = Object.fromEntries(
          block.split("\n").map((line) => {
            const colon = line.indexOf(":");
            return [line.slice(0, colon), line.slice(colon + 1).replace(/^ /, "")];
          }),
        );
        if (fields.id !== undefined)
          events.push({ id: fields.id, event: fields.event ?? "", data: fields.data ?? "" });
        end = buffer.indexOf("\n\n");
      }
      if (options.enough?.(events)) break;
    }
  } finally {
    abort.abort();
  }
  return { status: response.status, contentType: response.headers.get("content-type"), events };
}
