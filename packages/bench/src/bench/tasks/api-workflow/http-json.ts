import type { IncomingMessage, ServerResponse } from "node:http";

/** A response to send (and, for idempotent replays, to store). */
export interface JsonResponse {
  status: number;
  body: unknown;
}

const bodyLimit = 64 * 1024;

/** The request body as text; null when it is larger than 64 KiB. */
export async function readBody(request: IncomingMessage): Promise<string | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
    size += buffer.length;
    if (size > bodyLimit) return null;
    chunks.push(buffer);
  }
  return Buffer.concat(chunks).toString("utf8");
}

export function sendJson(response: ServerResponse, reply: JsonResponse): void {
  const text = `${JSON.stringify(reply.body, null, 2)}\n`;
  response.writeHead(reply.status, {
    "content-type": "application/json; charset=utf-8",
    "content-length": Buffer.byteLength(text),
  });
  response.end(text);
}

export function errorReply(status: number, message: string): JsonResponse {
  return { status, body: { error: message } };
}
