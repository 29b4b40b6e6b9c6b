import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/** One scripted HTTP answer, in the shape a real server sends it. */
export type FixtureReply =
  | {
      status?: number;
      headers?: Record<string, string>;
      json: unknown;
      /** Send only the first half of the body after the status: `abort` drops the connection, `end` ends it. */
      cut?: "abort" | "end";
    }
  | {
      status?: number;
      headers?: Record<string, string>;
      /** Server-sent events, each already formatted (e.g. `data: {...}` or `event: x\ndata: {...}`). */
      sse: string[];
      /**
       * `abort`: drop the connection after the events; `end`: end the body early but cleanly; `hold`: keep
       * the connection open after the events (an answer still being generated) until the client leaves.
       */
      cut?: "abort" | "end" | "hold";
    }
  | { status?: number; headers?: Record<string, string>; ndjson: unknown[]; cut?: "abort" | "end" | "hold" }
  /** Close the socket without answering (a connection failure). */
  | { destroy: true };

export interface RecordedRequest {
  method: string;
  path: string;
  headers: Record<string, string | string[] | undefined>;
  body: unknown;
}

async function readBody(request: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString("utf8");
  if (text === "") return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

function send(response: ServerResponse, reply: FixtureReply): void {
  if ("destroy" in reply) {
    response.socket?.destroy();
    return;
  }
  const status = reply.status ?? 200;
  if ("json" in reply) {
    response.writeHead(status, { "content-type": "application/json", ...reply.headers });
    const body = JSON.stringify(reply.json);
    if (reply.cut === undefined) response.end(body);
    else if (reply.cut === "end") response.end(body.slice(0, body.length / 2));
    else response.write(body.slice(0, body.length / 2), () => response.socket?.destroy());
    return;
  }
  const streaming = "sse" in reply;
  response.writeHead(status, {
    "content-type": streaming ? "text/event-stream" : "application/x-ndjson",
    ...reply.headers,
  });
  const lines = streaming
    ? reply.sse.map((event) => `${event}\n\n`)
    : reply.ndjson.map((line) => `${JSON.stringify(line)}\n`);
  for (const line of lines) response.write(line);
  // Destroy only once the writes have gone out: the client must see the events, then lose the connection.
  if (reply.cut === "abort") response.write("", () => response.socket?.destroy());
  else if (reply.cut !== "hold") response.end();
}

/**
 * A loopback HTTP server that answers with scripted replies in order (or from a function of the
 * request) and records every request, for testing protocol adapters against real HTTP.
 */
export async function startFixtureServer(
  replies: FixtureReply[] | ((request: RecordedRequest, index: number) => FixtureReply),
) {
  const requests: RecordedRequest[] = [];
  const abandoned: Promise<void>[] = [];
  const server = createServer((request, response) => {
    // Resolves when the client closes the connection before the server ended its answer.
    abandoned.push(
      new Promise((resolve) => {
        response.on("close", () => {
          if (!response.writableEnded) resolve();
        });
      }),
    );
    void (async () => {
      const recorded: RecordedRequest = {
        method: request.method ?? "",
        path: request.url ?? "",
        headers: request.headers,
        body: await readBody(request),
      };
      const index = requests.length;
      requests.push(recorded);
      const reply = typeof replies === "function" ? replies(recorded, index) : replies[index];
      if (!reply) {
        response.writeHead(500, { "content-type": "application/json" });
        response.end(
          JSON.stringify({
            error: { message: `fixture server: no reply scripted for request #${index + 1}` },
          }),
        );
        return;
      }
      send(response, reply);
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    requests,
    /** Resolves once the client has closed request `index`'s connection while its answer was unfinished. */
    abandoned: (index: number): Promise<void> =>
      abandoned[index] ?? Promise.reject(new Error("no such request")),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
