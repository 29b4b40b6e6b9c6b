import type { IncomingMessage, ServerResponse } from "node:http";
import type { Clock } from "agentone";
import type { WireReply, WireStream } from "./wire-protocol.js";

/** The request body as text. */
export async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

/** Resolves once the bytes have been handed to the operating system, so a destroy after it keeps them. */
const flushWrite = (response: ServerResponse, data: string | Buffer) =>
  new Promise<void>((resolve) => {
    response.write(data, () => resolve());
  });

/**
 * Sends a whole reply. With `cut`, only the headers and the first half of the body are sent before the
 * connection is destroyed: the client sees a body shorter than its `content-length`.
 */
export async function sendReply(response: ServerResponse, reply: WireReply, options: { cut?: boolean } = {}) {
  const bytes = Buffer.from(reply.body, "utf8");
  response.writeHead(reply.status, { ...reply.headers, "content-length": String(bytes.length) });
  if (!options.cut) {
    response.end(bytes);
    return;
  }
  await flushWrite(response, bytes.subarray(0, Math.floor(bytes.length / 2)));
  response.destroy();
}

/**
 * Streams frames at the simulated pace: the first after the time to first token, the rest spread evenly
 * over the generation time, all on the (scaled) clock. With `cutAfter`, the connection is destroyed once
 * that many frames have gone out. Rejects if `signal` aborts (client gone, server closing).
 */
export async function sendStream(
  response: ServerResponse,
  stream: WireStream,
  pacing: {
    clock: Clock;
    firstTokenMs: number;
    generationMs: number;
    signal: AbortSignal;
    cutAfter?: number;
  },
): Promise<void> {
  response.writeHead(stream.status, stream.headers);
  response.flushHeaders();
  const interval = stream.frames.length > 1 ? pacing.generationMs / (stream.frames.length - 1) : 0;
  for (const [index, frame] of stream.frames.entries()) {
    await pacing.clock.sleep(index === 0 ? pacing.firstTokenMs : interval, pacing.signal);
    if (index + 1 === pacing.cutAfter) {
      await flushWrite(response, frame);
      response.destroy();
      return;
    }
    response.write(frame);
  }
  response.end();
}

/** Resolves when `signal` aborts: the `timeout` fault holds a request open this way. */
export const untilAborted = (signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    if (signal.aborted) resolve();
    else signal.addEventListener("abort", () => resolve(), { once: true });
  });
