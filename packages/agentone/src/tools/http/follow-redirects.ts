import type { IncomingHttpHeaders } from "node:http";
import { ToolError } from "../../core/errors/index.js";
import type { ResolvedHttpToolOptions } from "./http-tool-options.js";
import { credentialHeaders } from "./request-headers.js";
import { parseRequestTarget } from "./request-target.js";
import { type HopResponse, sendRequest } from "./send-request.js";
import { vetDestination } from "./vet-destination.js";

export interface OutgoingRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body: Buffer | undefined;
}

export interface FinalResponse {
  response: HopResponse;
  finalUrl: URL;
  redirects: number;
  /** Set when the final response is a redirect the tool chose not to follow, saying why. */
  unfollowedRedirect?: string;
}

const redirectStatuses = new Set([301, 302, 303, 307, 308]);

function isRedirect(status: number, headers: IncomingHttpHeaders): boolean {
  return redirectStatuses.has(status) && typeof headers.location === "string";
}

/** The next request after a redirect, or undefined when it is not followed (see `performRequest`). */
function nextRequest(options: {
  current: OutgoingRequest;
  status: number;
  location: URL;
}): OutgoingRequest | undefined {
  const { current, status, location } = options;
  const from = new URL(current.url);
  // As browsers do: 303 always becomes GET (HEAD stays HEAD), and so do 301/302 after a POST.
  const becomesGet =
    current.method !== "HEAD" &&
    (status === 303 || ((status === 301 || status === 302) && current.method === "POST"));
  const crossOrigin = location.origin !== from.origin;
  // A request with side effects approved for one origin is not re-sent to another.
  if (!becomesGet && crossOrigin && current.method !== "GET" && current.method !== "HEAD") return undefined;
  const headers = { ...current.headers };
  if (crossOrigin) for (const name of credentialHeaders) delete headers[name];
  if (becomesGet) {
    delete headers["content-type"];
    delete headers["idempotency-key"];
  }
  return {
    method: becomesGet ? "GET" : current.method,
    url: location.href,
    headers,
    body: becomesGet ? undefined : current.body,
  };
}

/**
 * Sends a request and follows redirects itself (up to `maxRedirects`), vetting every hop's host and
 * addresses before connecting. GET and HEAD follow any redirect; a request with side effects follows a
 * 307/308 only within its origin (elsewhere the 3xx is returned as is), and a 303 (or a 301/302 after a
 * POST) as a GET. Credentials are dropped when a redirect leaves the origin.
 *
 * @example
 * ```ts
 * const { response, finalUrl } = await performRequest({ request, options, signal });
 * ```
 */
export async function performRequest(input: {
  request: OutgoingRequest;
  options: ResolvedHttpToolOptions;
  signal: AbortSignal;
}): Promise<FinalResponse> {
  const { options, signal } = input;
  let current = input.request;
  for (let redirects = 0; ; redirects++) {
    const target = parseRequestTarget({ url: current.url, source: redirects === 0 ? "input" : "redirect" });
    const addresses = await vetDestination(target, options.policy);
    signal.throwIfAborted();
    const response = await sendRequest({
      ...current,
      url: target.url,
      addresses,
      signal,
      maxResponseBytes: options.maxResponseBytes,
      isRedirect,
    });
    const location = isRedirect(response.status, response.headers)
      ? String(response.headers.location)
      : undefined;
    if (location === undefined) return { response, finalUrl: target.url, redirects };
    let next: URL;
    try {
      next = new URL(location, target.url);
    } catch {
      throw new ToolError(
        "failed",
        `${target.url.href} redirected to an invalid URL: ${JSON.stringify(location)}.`,
      );
    }
    const following = nextRequest({ current, status: response.status, location: next });
    if (!following) {
      const unfollowedRedirect =
        `not followed: a ${current.method} request is not re-sent to another origin (${next.origin}); ` +
        "make a new call to that URL if it should go there";
      return { response, finalUrl: target.url, redirects, unfollowedRedirect };
    }
    if (redirects >= options.maxRedirects) {
      throw new ToolError(
        "failed",
        `Stopped after ${options.maxRedirects} redirects (the last one, from ${target.url.href}, led to ` +
          `${next.href}); the server may be redirecting in a loop.`,
      );
    }
    current = following;
  }
}
