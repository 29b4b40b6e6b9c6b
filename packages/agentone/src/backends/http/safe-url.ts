/**
 * A URL fit to show or record: no user, password, query or fragment (where keys and tokens hide).
 *
 * @example
 * ```ts
 * displayUrl("http://alice:pw@gpu:8000/v1?api-key=x"); // "http://gpu:8000/v1"
 * ```
 */
export function displayUrl(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.protocol}//${parsed.host}${parsed.pathname}`.replace(/\/$/, "");
  } catch {
    // Not a URL: show nothing of it rather than something that might hold a secret.
    return "(unparsable URL)";
  }
}

const privateHost =
  /^(localhost|127\.\d+\.\d+\.\d+|10\.\d+\.\d+\.\d+|192\.168\.\d+\.\d+|172\.(1[6-9]|2\d|3[01])\.\d+\.\d+|\[::1\]|0\.0\.0\.0|host\.docker\.internal)$/i;

/** True for loopback and private-network hosts: servers the user runs, not paid gateways. */
export function isLocalHost(url: string): boolean {
  try {
    const host = new URL(url).hostname;
    return privateHost.test(host) || host.endsWith(".local") || !host.includes(".");
  } catch {
    return false;
  }
}
