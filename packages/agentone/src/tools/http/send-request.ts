import http, { type IncomingHttpHeaders } from "node:http";
import https from "node:https";
import type { LookupFunction } from "node:net";
import type { ResolvedAddress } from "./host-lookup.js";

/** One hop: a single request/response exchange, no redirects. */
export interface HopRequest {
  url: URL;
  method: string;
  headers: Record<string, string>;
  body: Buffer | undefined;
  /** The vetted addresses; the connection goes to one of these and nowhere else. */
  addresses: readonly ResolvedAddress[];
  signal: AbortSignal;
  maxResponseBytes: number;
  /** Whether a response with this status and these headers is a redirect to follow (its body is skipped). */
  isRedirect(status: number, headers: IncomingHttpHeaders): boolean;
}

export interface HopResponse {
  status: number;
  statusText: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
  /** The body went on past `maxResponseBytes` and was not read further. */
  truncated: boolean;
}

/**
 * Node resolves the URL's host name through this: it answers with the vetted addresses instead of asking
 * DNS again, while the Host header and TLS server name still come from the URL.
 */
function pinnedLookup(addresses: readonly ResolvedAddress[]): LookupFunction {
  return (hostname, options, callback) => {
    const candidates = options.family
      ? addresses.filter((entry) => entry.family === options.family)
      : addresses;
    const first = candidates[0];
    if (!first) {
      const error: NodeJS.ErrnoException = new Error(
        `no vetted IPv${options.family} address for ${hostname}`,
      );
      error.code = "ENOTFOUND";
      callback(error, "");
      return;
    }
    if (options.all)
      callback(
        null,
        candidates.map(({ address, family }) => ({ address, family })),
      );
    else callback(null, first.address, first.family);
  };
}

/**
 * Sends one request over node:http(s) to a vetted address and reads the body up to `maxResponseBytes`.
 * Rejects with the signal's reason when it aborts, and with the transport's error otherwise.
 *
 * @example
 * ```ts
 * const response = await sendRequest({ url, method: "GET", headers: {}, body: undefined, addresses,
 *   signal, maxResponseBytes: 1 << 20, isRedirect: () => false });
 * ```
 */
export function sendRequest(hop: HopRequest): Promise<HopResponse> {
  const { signal } = hop;
  return new Promise((resolve, reject) => {
    signal.throwIfAborted();
    const transport = hop.url.protocol === "https:" ? https : http;
    // agent: false gives every request its own connection: a pooled socket would have been vetted under
    // another call's rules.
    const request = transport.request(hop.url, {
      method: hop.method,
      headers: hop.headers,
      lookup: pinnedLookup(hop.addresses),
      agent: false,
    });
    let settled = false;
    const settle = (action: () => void) => {
      if (settled) return;
      settled = true;
      signal.removeEventListener("abort", onAbort);
      action();
    };
    const onAbort = () => {
      settle(() => reject(signal.reason));
      request.destroy();
    };
    signal.addEventListener("abort", onAbort, { once: true });
    request.on("error", (error) => settle(() => reject(error)));
    request.on("response", (response) => {
      const status = response.statusCode ?? 0;
      const statusText = response.statusMessage ?? "";
      const chunks: Buffer[] = [];
      let bytes = 0;
      const finish = (truncated: boolean) =>
        settle(() =>
          resolve({ status, statusText, headers: response.headers, body: Buffer.concat(chunks), truncated }),
        );
      // Destroying the request below makes an unfinished response emit an error; by then it is settled.
      response.on("error", (error) => settle(() => reject(error)));
      if (hop.isRedirect(status, response.headers)) {
        finish(false);
        request.destroy();
        return;
      }
      response.on("data", (chunk: Buffer) => {
        const room = hop.maxResponseBytes - bytes;
        if (chunk.length <= room) {
          chunks.push(chunk);
          bytes += chunk.length;
          return;
        }
        chunks.push(chunk.subarray(0, room));
        bytes += room;
        finish(true);
        request.destroy();
      });
      response.on("end", () => finish(false));
      response.on("close", () => {
        if (!response.complete)
          settle(() => reject(new Error("the connection closed before the response was complete")));
      });
    });
    request.end(hop.body);
  });
}
