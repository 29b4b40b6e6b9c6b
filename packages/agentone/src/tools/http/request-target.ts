import { ToolError } from "../../core/errors/index.js";
import { hostnameOfUrl } from "../../core/host-name.js";

/** Where one hop of a request goes. */
export interface RequestTarget {
  url: URL;
  /** Canonical host: lower case, IPv6 without brackets, no trailing dot. */
  hostname: string;
}

/** Whether the URL came from the model's arguments or from a server's redirect. */
export type TargetSource = "input" | "redirect";

/**
 * Parses and checks a URL: only http and https, and no credentials in the URL. A bad URL in the model's
 * input is `invalid_arguments`; a redirect to a bad URL is `address_refused` (the server tried to send
 * the request somewhere the tool does not go).
 *
 * @example
 * ```ts
 * parseRequestTarget({ url: "https://API.example.com./v1", source: "input" }).hostname; // "api.example.com"
 * ```
 */
export function parseRequestTarget(options: { url: string; source: TargetSource }): RequestTarget {
  const { source } = options;
  const shown = JSON.stringify(options.url);
  const refuse = (why: string) =>
    source === "input"
      ? new ToolError("invalid_arguments", `Refused URL ${shown}: ${why}.`)
      : new ToolError("address_refused", `Refused to follow the redirect to ${shown}: ${why}.`);
  let url: URL;
  try {
    url = new URL(options.url);
  } catch {
    throw refuse("it is not an absolute URL (for example https://api.example.com/items)");
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw refuse(`only http:// and https:// URLs are allowed, not ${url.protocol}`);
  }
  if (url.username !== "" || url.password !== "") {
    throw refuse("credentials in the URL are not allowed; send them in an Authorization header");
  }
  return { url, hostname: hostnameOfUrl(url.hostname) };
}
