import type { AnyTool, ApprovalPolicy, TokenCounter } from "agentone";
import { createApprovalPolicy, createDefaultTools } from "agentone";
import { type CommandAllowlist, defaultCommandAllowlist } from "agentone/internal";
import { type ServiceAddress, withServiceAddress } from "./service-alias.js";
import { withStableCommandOutput } from "./stable-command-output.js";

/** Commands the agent may run: the default allowlist (which has `node --test` and `npm test`). */
export const benchCommandAllowlist: CommandAllowlist = defaultCommandAllowlist;

/**
 * The tools every benchmark run gets: the runtime's default set (workspace, git, `run_command` on the
 * allowlist, documents) plus `http_request` to 127.0.0.1 only, where a task's service listens. Built per
 * run, so no tool state (the document loader's cache) crosses runs. Commands report test durations as 0
 * and files relative to the workspace (`withStableCommandOutput`), and a task's service is reached by a
 * stable name (`withServiceAddress`), so that simulated runs repeat exactly and do not depend on where
 * their workspace is.
 *
 * @example
 * ```ts
 * const tools = createBenchTools({ tokenCounter });
 * tools.map((tool) => tool.name).includes("http_request"); // true
 * ```
 */
export function createBenchTools(options: {
  tokenCounter: TokenCounter;
  /** The task's service, reached by its alias (see `aliasServiceAddress`). */
  service?: ServiceAddress;
}): AnyTool[] {
  const { service } = options;
  const tools = createDefaultTools({
    tokenCounter: options.tokenCounter,
    shell: { allowlist: benchCommandAllowlist, timeoutMs: 60_000 },
    http: { allowedHosts: ["127.0.0.1"], allowPrivateAddresses: true },
  });
  return tools.map((tool) => {
    if (tool.name === "run_command") return withStableCommandOutput(tool);
    if (tool.name === "http_request" && service !== undefined) return withServiceAddress(tool, service);
    return tool;
  });
}

/**
 * The bench approves every tool call by rule: a benchmark has no human to ask, and waiting for one would
 * measure the wait. The decisions are still recorded (`approval-decision` events naming the rule).
 *
 * @example
 * ```ts
 * const runtime = createRuntime({ store, tokenCounter, backends, approvals: benchApprovals() });
 * ```
 */
export function benchApprovals(): ApprovalPolicy {
  return createApprovalPolicy({
    rules: [{ tool: "*", decision: "approve", reason: "the benchmark approves every tool call" }],
  });
}
