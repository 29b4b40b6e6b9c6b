import { type FixtureReply, type RecordedRequest, startFixtureServer } from "./fixture-server.js";

/** A key with characters that URL-encode differently in a path (`%20`) and in a form (`+`). */
export const queryKey = "qk/sec+ret 9-gateway";

/**
 * Every form in which a gateway may echo a secret back: as given, URL-encoded as a path or as a form
 * value, and base64. A test asserts that none of them reaches an error, an event or the output.
 */
export function echoedForms(secret: string): string[] {
  return [
    secret,
    encodeURIComponent(secret),
    new URLSearchParams({ v: secret }).toString().slice(2),
    Buffer.from(secret).toString("base64"),
  ];
}

/** The first of the secrets' forms found in a text, for a failure message that says which leaked. */
export function leakedForm(text: string, secrets: readonly string[]): string | undefined {
  return secrets.flatMap(echoedForms).find((form) => text.includes(form));
}

/**
 * A gateway that takes its key as `?<parameter>=`: with the accepted key it gives `answer(request)`; with
 * any other (or none) it answers 401 with a body that echoes the request's full path and query, the key it
 * was given, and the base64 of the `x-api-key` or `authorization` header, as careless proxies do.
 */
export function startKeyGateway(options: {
  parameter: string;
  accepted: string;
  answer: (request: RecordedRequest) => FixtureReply;
}) {
  return startFixtureServer((request) => {
    const given = new URL(request.path, "http://gateway").searchParams.get(options.parameter);
    if (given === options.accepted) return options.answer(request);
    const header = String(request.headers["x-api-key"] ?? request.headers.authorization ?? "");
    const echo = `no access for ${request.path} with key ${given} (credential ${Buffer.from(header).toString("base64")}; header ${header})`;
    return {
      status: 401,
      json: { type: "error", error: { type: "authentication_error", message: echo } },
    };
  });
}
