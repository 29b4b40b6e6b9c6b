import { ConfigError } from "../core/errors/index.js";
import { createHostAllowlist } from "../core/host-allowlist.js";
import { hostnameOfUrl } from "../core/host-name.js";

/** What a decision says about a tool call. */
export type ApprovalVerdict = "approve" | "deny";

/** A tool call as the rules see it: the tool, its validated arguments and their canonical JSON. */
export interface CallUnderReview {
  tool: string;
  arguments: unknown;
  /** Canonical JSON of the validated arguments (keys sorted, no whitespace), which `argumentsMatch` reads. */
  canonicalArguments: string;
}

/** An operator's rule that decides tool calls without asking a human. */
export interface ApprovalRule {
  /** Where the rule was configured, e.g. `tools.approvals.rules[0]`; the log names it with each decision. */
  source: string;
  decision: ApprovalVerdict;
  reason: string | null;
  matches(call: CallUnderReview): boolean;
}

/** How tool calls are approved: the rules (first match decides) and how long a human may take. */
export interface ApprovalPolicy {
  rules: readonly ApprovalRule[];
  /** A request not decided within this (by the run's clock) ends the wait under the termination policy. */
  timeoutMs: number;
}

/** One rule as configured (`tools.approvals.rules[]` in agentone.yaml). */
export interface ApprovalRuleInput {
  /** A tool name, or a prefix ending in `*` (`github__*`), or `*` for every tool. */
  tool: string;
  when?: {
    /** A regular expression searched for in the canonical JSON of the call's arguments. */
    argumentsMatch?: string;
    /** The call's `command` argv (run_command) starts with these arguments. */
    argvPrefix?: readonly string[];
  };
  decision: ApprovalVerdict;
  reason?: string;
}

export interface ApprovalPolicyInput {
  rules?: readonly ApprovalRuleInput[];
  /** Default 24 hours. */
  timeoutMs?: number;
  /** `tools.shell.autoApprove`: run_command calls whose argv starts with one of these are approved. */
  shellAutoApprove?: readonly (readonly string[])[];
  /** `tools.http.autoApprove`: http_request calls with one of these methods to one of these hosts. */
  httpAutoApprove?: { methods?: readonly string[]; hosts?: readonly string[] };
}

/** How long an approval request waits by default: 24 hours. */
export const defaultApprovalTimeoutMs = 24 * 60 * 60 * 1000;

/** No rules: every call that needs approval goes to a human, who has 24 hours. */
export const defaultApprovalPolicy: ApprovalPolicy = { rules: [], timeoutMs: defaultApprovalTimeoutMs };

function toolMatcher(pattern: string): (tool: string) => boolean {
  if (pattern.endsWith("*")) {
    const prefix = pattern.slice(0, -1);
    return (tool) => tool.startsWith(prefix);
  }
  return (tool) => tool === pattern;
}

function commandOf(input: unknown): readonly unknown[] | null {
  const command = (input as { command?: unknown } | null)?.command;
  return Array.isArray(command) ? command : null;
}

function startsWith(command: readonly unknown[] | null, prefix: readonly string[]): boolean {
  return (
    command !== null && prefix.length <= command.length && prefix.every((part, i) => command[i] === part)
  );
}

function compileExpression(pattern: string, key: string): RegExp {
  try {
    return new RegExp(pattern, "u");
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    throw new ConfigError(`${key} is not a valid regular expression: ${why}`, { key });
  }
}

function configuredRule(input: ApprovalRuleInput, source: string): ApprovalRule {
  if (input.tool.trim() === "") throw new ConfigError(`${source}.tool is empty`, { key: `${source}.tool` });
  const tool = toolMatcher(input.tool);
  const expression =
    input.when?.argumentsMatch === undefined
      ? null
      : compileExpression(input.when.argumentsMatch, `${source}.when.argumentsMatch`);
  const prefix = input.when?.argvPrefix;
  return {
    source,
    decision: input.decision,
    reason: input.reason ?? null,
    matches: (call) =>
      tool(call.tool) &&
      (expression === null || expression.test(call.canonicalArguments)) &&
      (prefix === undefined || startsWith(commandOf(call.arguments), prefix)),
  };
}

function httpRule(input: NonNullable<ApprovalPolicyInput["httpAutoApprove"]>): ApprovalRule {
  const source = "tools.http.autoApprove";
  if (input.methods === undefined && input.hosts === undefined)
    throw new ConfigError(
      `${source} names neither methods nor hosts; to approve every request, say so with a rule`,
      {
        key: source,
      },
    );
  const methods = input.methods?.map((method) => method.toUpperCase());
  let hosts: ReturnType<typeof createHostAllowlist> | null = null;
  try {
    hosts = input.hosts === undefined ? null : createHostAllowlist(input.hosts);
  } catch (error) {
    throw new ConfigError(`${source}.hosts: ${(error as Error).message}`, { key: `${source}.hosts` });
  }
  return {
    source,
    decision: "approve",
    reason: null,
    matches: (call) => {
      if (call.tool !== "http_request") return false;
      const { method, url } = (call.arguments ?? {}) as { method?: unknown; url?: unknown };
      if (methods !== undefined && !methods.includes(String(method))) return false;
      if (hosts === null) return true;
      try {
        return hosts.allows(hostnameOfUrl(new URL(String(url)).hostname));
      } catch {
        return false;
      }
    },
  };
}

/**
 * Compiles the approval configuration into rules, in the order they are tried: the explicit
 * `tools.approvals.rules` first (so a deny rule can overrule an auto-approval), then
 * `tools.shell.autoApprove`, then `tools.http.autoApprove`. Throws ConfigError naming the offending key.
 *
 * @example
 * ```ts
 * const policy = createApprovalPolicy({
 *   rules: [{ tool: "http_request", when: { argumentsMatch: '"method":"DELETE"' }, decision: "deny", reason: "no deletes" }],
 *   shellAutoApprove: [["npm", "test"]],
 * });
 * ```
 */
export function createApprovalPolicy(input: ApprovalPolicyInput = {}): ApprovalPolicy {
  const timeoutMs = input.timeoutMs ?? defaultApprovalTimeoutMs;
  if (!Number.isSafeInteger(timeoutMs) || timeoutMs <= 0)
    throw new ConfigError(
      `tools.approvals.timeoutMs must be a positive whole number of milliseconds, not ${timeoutMs}`,
      { key: "tools.approvals.timeoutMs" },
    );
  const rules = (input.rules ?? []).map((rule, index) =>
    configuredRule(rule, `tools.approvals.rules[${index}]`),
  );
  for (const [index, prefix] of (input.shellAutoApprove ?? []).entries())
    rules.push(
      configuredRule(
        { tool: "run_command", when: { argvPrefix: prefix }, decision: "approve" },
        `tools.shell.autoApprove[${index}]`,
      ),
    );
  if (input.httpAutoApprove) rules.push(httpRule(input.httpAutoApprove));
  return { rules, timeoutMs };
}
