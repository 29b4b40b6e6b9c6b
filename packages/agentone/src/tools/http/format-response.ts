import type { ToolOutput } from "../tool.js";
import { looksBinary } from "../workspace/text-file.js";
import type { FinalResponse } from "./follow-redirects.js";
import { headerValue } from "./header-value.js";

/** The response headers worth showing the model: what the body is, caching, and where a redirect points. */
const shownHeaders = ["content-type", "content-length", "etag", "last-modified", "cache-control", "location"];

const binaryContentType = /^(image|audio|video|font)\/|^application\/(octet-stream|pdf|zip|gzip|x-tar)/;

function decode(body: Buffer, contentType: string): string {
  const charset = /charset="?([^";\s]+)/i.exec(contentType)?.[1];
  try {
    return new TextDecoder(charset ?? "utf-8").decode(body);
  } catch {
    // An unknown charset label: UTF-8 is the best guess.
    return new TextDecoder("utf-8").decode(body);
  }
}

function bodyText(options: { final: FinalResponse; method: string; maxResponseBytes: number }): string {
  const { response } = options.final;
  if (options.method === "HEAD") return "(HEAD request: no body)";
  if (response.body.length === 0) return "(empty body)";
  const contentType = headerValue(response.headers, "content-type") ?? "";
  if (binaryContentType.test(contentType) || looksBinary(response.body)) {
    return `(binary body of ${response.body.length} bytes${contentType ? `, ${contentType}` : ""}; not shown)`;
  }
  let text = decode(response.body, contentType);
  if (/[/+]json\b/i.test(contentType) && !response.truncated) {
    try {
      text = JSON.stringify(JSON.parse(text), null, 2);
    } catch {
      // Not valid JSON despite its content type: show it as it came.
    }
  }
  if (response.truncated) {
    text += `\n[... body cut at ${options.maxResponseBytes} bytes; the rest was not read]`;
  }
  return text;
}

/**
 * Renders a response for the model (status line, selected headers, the body as text with JSON
 * pretty-printed, cut at the byte limit) with metadata for the log.
 *
 * @example
 * ```ts
 * formatResponse({ final, method: "GET", maxResponseBytes: 1 << 20 }).content;
 * // "HTTP 200 OK\ncontent-type: application/json\n\n{\n  \"ok\": true\n}"
 * ```
 */
export function formatResponse(options: {
  final: FinalResponse;
  method: string;
  maxResponseBytes: number;
}): ToolOutput {
  const { response, finalUrl, redirects, unfollowedRedirect } = options.final;
  const lines = [`HTTP ${response.status} ${response.statusText}`.trimEnd()];
  if (redirects > 0)
    lines.push(`(final URL after ${redirects} redirect${redirects === 1 ? "" : "s"}: ${finalUrl.href})`);
  for (const name of shownHeaders) {
    const value = headerValue(response.headers, name);
    if (value !== undefined) lines.push(`${name}: ${value}`);
  }
  if (unfollowedRedirect) lines.push(`(redirect ${unfollowedRedirect})`);
  lines.push("", bodyText(options));
  return {
    content: lines.join("\n"),
    metadata: {
      status: response.status,
      bytes: response.body.length,
      truncated: response.truncated,
      finalUrl: finalUrl.href,
      redirects,
      etag: headerValue(response.headers, "etag"),
      lastModified: headerValue(response.headers, "last-modified"),
      cacheControl: headerValue(response.headers, "cache-control"),
    },
  };
}
