import type { SideEffectClass } from "../../core/tool-call-traits.js";

/** The HTTP methods `http_request` sends. */
export const httpMethods = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD"] as const;
export type HttpMethod = (typeof httpMethods)[number];

/** What one call of `http_request` is, judged by its method. */
export interface HttpCallTraits {
  idempotent: boolean;
  requiresApproval: boolean;
  sideEffect: Extract<SideEffectClass, "none" | "external">;
  /**
   * Never served from the engine's per-run tool cache: remote state changes without a write the run could
   * see. GETs are cached by the tool itself instead, with HTTP's rules (freshness and validators).
   */
  cacheable: false;
}

/**
 * The traits of one `http_request` call. The Tool contract declares one static `idempotent`,
 * `requiresApproval` and `sideEffect` per tool, and for `http_request` those are the conservative values
 * (not idempotent, external side effect, approval required); the engine should ask this function per
 * call instead. GET and HEAD are safe methods (RFC 9110): idempotent, no side effect, no approval. Every
 * other method may change something outside: it needs approval and is sent with an `Idempotency-Key`.
 * No call is `cacheable` by the engine's per-run tool cache: the tool caches GETs itself, by HTTP's
 * freshness and validators, which the engine's cache cannot see.
 *
 * @example
 * ```ts
 * httpCallTraits({ method: "GET" }); // { idempotent: true, requiresApproval: false, sideEffect: "none", cacheable: false }
 * httpCallTraits({ method: "POST" }); // { idempotent: false, requiresApproval: true, sideEffect: "external" }
 * ```
 */
export function httpCallTraits(input: { method: HttpMethod }): HttpCallTraits {
  const safe = input.method === "GET" || input.method === "HEAD";
  return safe
    ? // Remote state changes without any write the run could see, so the engine's tool cache never serves a
      // GET; the tool caches GETs itself by HTTP's rules (see `getWithHttpCache`), which know when to ask.
      { idempotent: true, requiresApproval: false, sideEffect: "none", cacheable: false }
    : { idempotent: false, requiresApproval: true, sideEffect: "external", cacheable: false };
}
