import { ToolError } from "../../core/errors/index.js";

// Headers the model may not set: they frame the message or steer the connection (set by the transport,
// and a wrong value could smuggle a second request), point the request elsewhere (Host), address a
// proxy, ask for compressed bodies the tool cannot read, or belong to the tool (Idempotency-Key).
// Authorization and Cookie are allowed: the allowlist decides where they can go, and they are dropped on
// redirects to another origin.
const refusedHeaders = new Map<string, string>([
  ["host", "the host comes from the URL"],
  ["content-length", "the tool frames the body itself"],
  ["transfer-encoding", "the tool frames the body itself"],
  ["connection", "the tool manages the connection"],
  ["keep-alive", "the tool manages the connection"],
  ["upgrade", "protocol upgrades are not supported"],
  ["te", "the tool frames the body itself"],
  ["trailer", "the tool frames the body itself"],
  ["expect", "the tool sends the body at once"],
  ["accept-encoding", "responses are read uncompressed"],
  ["idempotency-key", "the tool sets it from the call's idempotency key"],
]);

// RFC 9110 token characters.
const headerNamePattern = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

function refuse(name: string, why: string): ToolError {
  return new ToolError("invalid_arguments", `Refused header ${JSON.stringify(name)}: ${why}.`);
}

/**
 * Checks the model's headers and builds the outgoing set: names in lower case, a JSON content type when
 * there is a body (unless the model chose one), and the call's `Idempotency-Key` for unsafe methods.
 *
 * @example
 * ```ts
 * buildRequestHeaders({ headers: { Accept: "application/json" }, hasBody: true, idempotencyKey: "run:3:c1" });
 * // { accept: "application/json", "content-type": "application/json", "idempotency-key": "run:3:c1", ... }
 * ```
 */
export function buildRequestHeaders(options: {
  headers: Record<string, string> | undefined;
  hasBody: boolean;
  /** Sent when given: for methods with side effects. */
  idempotencyKey: string | undefined;
}): Record<string, string> {
  const outgoing: Record<string, string> = { "user-agent": "AgentOne http_request" };
  const seen = new Set<string>();
  for (const [name, value] of Object.entries(options.headers ?? {})) {
    const lower = name.toLowerCase();
    if (!headerNamePattern.test(name)) throw refuse(name, "not a valid header name");
    const why =
      refusedHeaders.get(lower) ?? (lower.startsWith("proxy-") ? "proxy headers are not allowed" : undefined);
    if (why) throw refuse(name, why);
    if (/[\r\n\0]/.test(value)) throw refuse(name, "its value contains a line break or NUL");
    if (seen.has(lower)) throw refuse(name, "it is given twice (header names ignore case)");
    seen.add(lower);
    outgoing[lower] = value;
  }
  if (options.hasBody && outgoing["content-type"] === undefined)
    outgoing["content-type"] = "application/json";
  if (options.idempotencyKey !== undefined) outgoing["idempotency-key"] = options.idempotencyKey;
  return outgoing;
}

/** Headers that carry credentials; they do not follow a redirect to another origin. */
export const credentialHeaders: readonly string[] = ["authorization", "cookie"];
