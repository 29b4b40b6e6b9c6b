/** What replaces a secret in a message. */
export const redactedMarker = "[redacted]";

/**
 * The forms a credential takes when a server echoes it back: as given, URL-encoded (a path or query
 * echoed from the request line), and base64 (a Basic authorization header echoed back).
 *
 * @example
 * ```ts
 * credentialForms("k/1"); // ["k/1", "k%2F1", "ay8x"]
 * ```
 */
export function credentialForms(secret: string): string[] {
  const forms = [
    secret,
    encodeURIComponent(secret),
    new URLSearchParams({ value: secret }).toString().slice("value=".length),
    Buffer.from(secret, "utf8").toString("base64"),
  ];
  return [...new Set(forms)];
}

/**
 * Replaces every occurrence of each secret in a text. Used on every message an error carries, since
 * servers and proxies sometimes echo the key they rejected.
 *
 * @example
 * ```ts
 * redactSecrets("Incorrect API key provided: sk-abc123", ["sk-abc123"]); // "Incorrect API key provided: [redacted]"
 * ```
 */
export function redactSecrets(text: string, secrets: readonly string[]): string {
  let result = text;
  for (const secret of secrets) result = result.split(secret).join(redactedMarker);
  return result;
}

/**
 * True when the text holds any of the secrets.
 *
 * @example
 * ```ts
 * containsSecret("Bearer sk-abc123", ["sk-abc123"]); // true
 * ```
 */
export function containsSecret(text: string, secrets: readonly string[]): boolean {
  return secrets.some((secret) => text.includes(secret));
}
