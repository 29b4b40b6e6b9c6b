import type { AnyTool } from "../tool.js";
import { createHttpRequestTool } from "./http-request-tool.js";
import type { HttpToolOptions } from "./http-tool-options.js";

export { type AddressClass, type AddressVerdict, classifyAddress } from "./address-rules.js";
export { type HostLookup, type ResolvedAddress, systemHostLookup } from "./host-lookup.js";
export { type HttpCallTraits, type HttpMethod, httpCallTraits, httpMethods } from "./http-call-traits.js";
export { createHttpRequestTool, type HttpRequestInput } from "./http-request-tool.js";
export type { HttpToolOptions } from "./http-tool-options.js";

/**
 * The HTTP tools: `http_request`. Options are the operator's (allowlist, private addresses, limits).
 *
 * @example
 * ```ts
 * const tools = createHttpTools({ allowedHosts: ["*.example.com"] });
 * tools.map((tool) => tool.name); // ["http_request"]
 * ```
 */
export function createHttpTools(options: HttpToolOptions = {}): AnyTool[] {
  return [createHttpRequestTool(options)];
}
