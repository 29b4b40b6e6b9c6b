/**
 * Reads the JSON body of a response the server has accepted (HTTP 2xx). Once the status has arrived the
 * provider has taken the request and bills it, so a body that breaks off, or ends before its JSON does,
 * is a cut answer (`onCut`: the engine then charges the estimate, as for a cut stream), not a connection
 * failure settled at $0. A complete body that is not JSON (a proxy's HTML page) is `onMalformed`.
 *
 * @example
 * ```ts
 * const data = await readAcceptedJson(response, {
 *   onCut: (detail, cause) => cutError(detail, cause),
 *   onMalformed: (detail) => malformedError(detail),
 * });
 * ```
 */
export async function readAcceptedJson(
  response: Response,
  errors: {
    onCut: (detail: string, cause: unknown) => Error;
    onMalformed: (detail: string, cause: unknown) => Error;
  },
): Promise<unknown> {
  let text: string;
  try {
    text = await response.text();
  } catch (error) {
    throw errors.onCut(`the response body broke off after HTTP ${response.status}`, error);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    // A JSON document that stops early was cut on the way; anything else was never a JSON answer.
    const startsAsJson = /^\s*[{[]/.test(text);
    if (startsAsJson || text.trim() === "")
      throw errors.onCut(`the response body ended early after HTTP ${response.status}`, error);
    throw errors.onMalformed("the response body is not JSON", error);
  }
}
