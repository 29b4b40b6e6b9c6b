import { ApiProblemError } from "../core/errors/api-problem-error.js";
import { UnavailableError } from "../core/errors/request-errors.js";

/** The `fetch` the client calls: the global one by default, any compatible function in its place. */
export type FetchFunction = (input: string, init: RequestInit) => Promise<Response>;

/** Where the client sends requests and with which key. */
export interface Transport {
  baseUrl: string;
  apiKey: string;
  fetch: FetchFunction;
}

export interface RequestOptions {
  method?: "GET" | "POST";
  /** Sent as JSON. */
  body?: unknown;
  query?: Record<string, string | number | undefined>;
  headers?: Record<string, string>;
  signal?: AbortSignal;
}

/** The URL of `path` (with its query, undefined values left out) on the server. */
export function urlOf(transport: Transport, path: string, query: RequestOptions["query"] = {}): string {
  const url = new URL(path, transport.baseUrl);
  for (const [name, value] of Object.entries(query))
    if (value !== undefined) url.searchParams.set(name, String(value));
  return url.toString();
}

/**
 * Sends one request and answers the response when its status is 2xx; anything else throws an
 * ApiProblemError with the server's problem body. A server that cannot be reached is an UnavailableError.
 */
export async function send(
  transport: Transport,
  path: string,
  options: RequestOptions = {},
): Promise<Response> {
  const headers: Record<string, string> = {
    accept: "application/json",
    authorization: `Bearer ${transport.apiKey}`,
    ...options.headers,
  };
  if (options.body !== undefined) headers["content-type"] = "application/json";
  const url = urlOf(transport, path, options.query);
  let response: Response;
  try {
    response = await transport.fetch(url, {
      method: options.method ?? (options.body === undefined ? "GET" : "POST"),
      headers,
      ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
      ...(options.signal ? { signal: options.signal } : {}),
    });
  } catch (error) {
    if (options.signal?.aborted) throw error;
    throw new UnavailableError(`cannot reach the AgentOne server at ${url}: ${messageOf(error)}`, {
      cause: error,
    });
  }
  if (!response.ok) throw await problemErrorOf(response);
  return response;
}

/** Sends a request and reads its JSON answer. */
export async function sendForJson<Answer>(
  transport: Transport,
  path: string,
  options: RequestOptions = {},
): Promise<{ status: number; body: Answer }> {
  const response = await send(transport, path, options);
  return { status: response.status, body: (await response.json()) as Answer };
}

/**
 * The error for a non-2xx response: its problem body when it has one; otherwise (a proxy's error page) a
 * problem made from the status and the start of the body, so callers handle one kind of error.
 */
export async function problemErrorOf(response: Response): Promise<ApiProblemError> {
  const text = await response.text().catch(() => "");
  try {
    const body = JSON.parse(text) as Record<string, unknown>;
    if (typeof body.code === "string" && typeof body.detail === "string")
      return new ApiProblemError({
        type: typeof body.type === "string" ? body.type : "about:blank",
        title: typeof body.title === "string" ? body.title : response.statusText,
        status: response.status,
        detail: body.detail,
        code: body.code,
        ...(Array.isArray(body.errors) ? { errors: body.errors as { path: string; message: string }[] } : {}),
      });
  } catch {
    // Not JSON: described below from the status.
  }
  const excerpt = text.trim().slice(0, 200);
  return new ApiProblemError({
    type: "about:blank",
    title: response.statusText || `HTTP ${response.status}`,
    status: response.status,
    detail: excerpt === "" ? `the server answered ${response.status}` : excerpt,
    code: codeForStatus(response.status),
  });
}

/** A code for an answer without a problem body, by its status. */
function codeForStatus(status: number): string {
  const codes: Record<number, string> = {
    400: "REQUEST_INVALID",
    401: "UNAUTHENTICATED",
    403: "FORBIDDEN",
    404: "NOT_FOUND",
    409: "CONFLICT",
    413: "PAYLOAD_TOO_LARGE",
    422: "UNPROCESSABLE",
    429: "RATE_LIMITED",
    503: "UNAVAILABLE",
  };
  return codes[status] ?? "INTERNAL_ERROR";
}

function messageOf(error: unknown): string {
  const cause = error instanceof Error ? (error.cause as { message?: unknown } | undefined) : undefined;
  const base = error instanceof Error ? error.message : String(error);
  return typeof cause?.message === "string" ? `${base} (${cause.message})` : base;
}
