import { z } from "zod";
import { isAgentOneError, ToolError } from "../../core/errors/index.js";
import type { Tool } from "../tool.js";
import { httpCacheScope } from "./cache/cache-key.js";
import { withCacheOutcome } from "./cache/cache-output.js";
import { getWithHttpCache } from "./cache/http-cache.js";
import { invalidateAfterWrite } from "./cache/invalidate.js";
import { performRequest } from "./follow-redirects.js";
import { formatResponse } from "./format-response.js";
import { httpCallTraits, httpMethods } from "./http-call-traits.js";
import { type HttpToolOptions, resolveHttpToolOptions } from "./http-tool-options.js";
import { buildRequestHeaders } from "./request-headers.js";

const httpRequestInputSchema = z.object({
  method: z.enum(httpMethods).describe("HTTP method. GET and HEAD only read; the others may need approval."),
  url: z
    .string()
    .describe("Absolute http:// or https:// URL, for example https://api.example.com/items?page=2."),
  headers: z
    .record(z.string(), z.string())
    .optional()
    .describe("Extra request headers, e.g. Accept or Authorization. Host and framing headers are refused."),
  body: z
    .unknown()
    .optional()
    .describe("A JSON value sent as the request body (application/json). Not allowed with GET or HEAD."),
});

export type HttpRequestInput = z.output<typeof httpRequestInputSchema>;

function describeTool(allowedHosts: readonly string[] | undefined): string {
  const reach = allowedHosts
    ? `Only these hosts can be reached: ${allowedHosts.join(", ")}.`
    : "Only public internet hosts can be reached.";
  return (
    "Make an HTTP request and read the response: status, main headers and the body as text (JSON is " +
    `pretty-printed; long bodies are cut). Redirects are followed. ${reach} GET and HEAD only read; ` +
    "POST, PUT, PATCH and DELETE may change things and can require approval."
  );
}

/** Refusals pass through; transport errors (refused connection, reset, TLS) become `failed`. */
function toToolError(error: unknown, url: string): unknown {
  if (isAgentOneError(error)) return error;
  const detail = error instanceof Error ? error.message : String(error);
  return new ToolError("failed", `The request to ${url} failed: ${detail}`, { cause: error });
}

/**
 * Creates the `http_request` tool. Every hop (the first request and each redirect) is vetted before it
 * connects: http/https only, the allowlist, and the address rules (no loopback, private, link-local or
 * metadata addresses unless allowed; see `HttpToolOptions`) applied to the literal host and to every
 * address DNS returns; the connection then goes to a vetted address only. The tool's static traits are
 * the conservative ones; use `httpCallTraits(input)` per call. Throws ConfigError on bad options.
 *
 * GETs are cached with HTTP's own rules (RFC 9111, as a private cache; see `getWithHttpCache`) in the
 * store the engine passes as `ToolContext.cache`: a fresh response is served with no request, a stale one
 * with validators is revalidated with a conditional GET through the same guarded path. Every GET's
 * metadata says how it was answered: `cache` is `"hit" | "revalidated" | "miss" | "bypass"` (no store,
 * or the request's `no-store` or its own validators or Range kept the cache out), `cacheStored` whether
 * the response was stored, and a hit adds `cacheAgeSeconds`. Without `context.cache` every GET is a
 * `bypass`. A POST, PUT, PATCH or DELETE that gets a non-error answer makes every stored GET of its URL
 * stale, whatever headers it was read with, and of the answer's same-origin `Location` and
 * `Content-Location` (see `invalidateAfterWrite`).
 *
 * @example
 * ```ts
 * const tool = createHttpRequestTool({ allowedHosts: ["api.github.com"] });
 * await tool.execute({ method: "GET", url: "https://api.github.com/zen" }, context);
 * ```
 */
export function createHttpRequestTool(options: HttpToolOptions = {}): Tool<HttpRequestInput> {
  const resolved = resolveHttpToolOptions(options);
  const cacheScope = httpCacheScope(resolved);
  return {
    name: "http_request",
    description: describeTool(options.allowedHosts),
    inputSchema: httpRequestInputSchema,
    idempotent: false,
    sideEffect: "external",
    requiresApproval: true,
    async execute(input, context) {
      context.signal.throwIfAborted();
      const hasBody = input.body !== undefined;
      if (hasBody && (input.method === "GET" || input.method === "HEAD")) {
        throw new ToolError(
          "invalid_arguments",
          `A ${input.method} request cannot carry a body; remove body.`,
        );
      }
      const traits = httpCallTraits(input);
      const headers = buildRequestHeaders({
        headers: input.headers,
        hasBody,
        idempotencyKey: traits.idempotent ? undefined : context.idempotencyKey,
      });
      // The network is real even when the run's clock is virtual, so this timeout uses a real timer.
      const timeout = new AbortController();
      const timer = setTimeout(() => timeout.abort(new Error("http_request timed out")), resolved.timeoutMs);
      const signal = AbortSignal.any([context.signal, timeout.signal]);
      const { maxResponseBytes } = resolved;
      const send = (extraHeaders: Record<string, string>) =>
        performRequest({
          request: {
            method: input.method,
            url: input.url,
            headers: { ...headers, ...extraHeaders },
            body: hasBody ? Buffer.from(JSON.stringify(input.body)) : undefined,
          },
          options: resolved,
          signal,
        });
      try {
        if (input.method === "GET") {
          const outcome = await getWithHttpCache({
            url: input.url,
            modelHeaders: input.headers,
            store: context.cache,
            clock: context.clock,
            signal,
            scope: cacheScope,
            maxResponseBytes,
            send,
          });
          return withCacheOutcome(
            formatResponse({ final: outcome.final, method: "GET", maxResponseBytes }),
            outcome,
          );
        }
        const final = await send({});
        // A write makes the stored reads of the same URL stale (RFC 9111 §4.4).
        if (input.method !== "HEAD")
          await invalidateAfterWrite({
            store: context.cache,
            url: input.url,
            final,
            scope: cacheScope,
            clock: context.clock,
            signal,
          });
        return formatResponse({ final, method: input.method, maxResponseBytes });
      } catch (error) {
        // The engine reports a cancelled call itself; it needs the signal's own reason.
        if (context.signal.aborted) throw context.signal.reason;
        if (timeout.signal.aborted) {
          throw new ToolError(
            "timeout",
            `No complete response from ${input.url} within ${resolved.timeoutMs} ms.`,
          );
        }
        throw toToolError(error, input.url);
      } finally {
        clearTimeout(timer);
      }
    },
  };
}
