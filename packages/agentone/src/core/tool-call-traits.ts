/**
 * What a tool call may do, as the tools declare it and the approval rules read it. It lives in `core/`
 * because `policy/`, which decides on the traits, sits below `tools/`, which declares them.
 */

/** What a tool may touch: nothing, the workspace, or the world outside (network, services). */
export type SideEffectClass = "none" | "workspace" | "external";

/**
 * What one call of a tool is. Most tools are the same for every call and declare these statically; a tool
 * whose calls differ (an HTTP GET reads, a POST may change things) answers per call through `traits`.
 */
export interface ToolCallTraits {
  idempotent: boolean;
  requiresApproval: boolean;
  sideEffect: SideEffectClass;
  /**
   * May the run's tool cache serve a repeat of this call? Default: when idempotent with no side effect.
   * False for reads of state outside the workspace (an HTTP GET), which can change without any write.
   */
  cacheable?: boolean;
}
