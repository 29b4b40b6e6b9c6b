import { z } from "zod";
import { protocols } from "../backends/backend-config.js";
import { modelTiers } from "../core/model-spec.js";
import { routingPolicyInputSchema } from "../core/routing-policy-schema.js";
import { httpMethods } from "../tools/http/http-call-traits.js";
import { mcpServersConfigSchema } from "../tools/mcp/mcp-config-schema.js";

const price = z.number().nonnegative().finite();

/** A backend declared in agentone.yaml. The key is named by the environment variable holding it, never inline. */
export const fileBackendSchema = z
  .object({
    name: z.string().regex(/^[a-z][a-z0-9-]*$/, "use lower-case letters, digits and dashes"),
    protocol: z.enum(protocols),
    baseUrl: z.url({ protocol: /^https?$/, error: "must be an http or https URL" }),
    apiKeyEnv: z
      .string()
      .regex(/^[A-Z_][A-Z0-9_]*$/, "name an environment variable, e.g. VLLM_API_KEY")
      .optional(),
    stream: z.boolean().default(false),
  })
  .strict();

/** A model declared in agentone.yaml: it must have prices, or be declared free (local runners). */
export const fileModelSchema = z
  .object({
    id: z.string().min(1),
    backend: z.string().min(1),
    remoteId: z.string().min(1).optional(),
    tier: z.enum(modelTiers),
    prices: z
      .object({ input: price, cachedInput: price.optional(), cacheWrite: price.optional(), output: price })
      .strict()
      .optional(),
    free: z.boolean().default(false),
    contextWindow: z.number().int().positive().default(8192),
    maxOutputTokens: z.number().int().positive().default(4096),
    timeToFirstTokenMs: z.number().nonnegative().default(500),
    outputTokensPerSecond: z.number().positive().default(50),
    capabilities: z
      .object({ tools: z.boolean(), json: z.boolean(), seed: z.boolean() })
      .partial()
      .strict()
      .default({}),
  })
  .strict()
  .refine((model) => model.prices !== undefined || model.free, {
    message: "has no prices; give prices (USD per million tokens) or declare `free: true` for a local model",
    path: ["prices"],
  });

/** An argv prefix: the program, then arguments, each its own element. */
const argvPrefixSchema = z.array(z.string().min(1, "has an empty argument")).min(1, "names no program");

function isRegularExpression(pattern: string): boolean {
  try {
    new RegExp(pattern, "u");
    return true;
  } catch {
    return false;
  }
}

/** One approval rule: the first rule matching a call decides it (see policy/approval-policy.ts). */
const approvalRuleSchema = z
  .object({
    /** A tool name, a prefix ending in `*`, or `*`. */
    tool: z.string().min(1, "names no tool"),
    when: z
      .object({
        argumentsMatch: z
          .string()
          .refine(isRegularExpression, "is not a valid regular expression")
          .optional(),
        argvPrefix: argvPrefixSchema.optional(),
      })
      .strict()
      .optional(),
    decision: z.enum(["approve", "deny"]),
    reason: z.string().optional(),
  })
  .strict();

/** The `tools:` section: how the built-in tools are configured, and how their calls are approved. */
export const toolsConfigSchema = z
  .object({
    shell: z
      .object({
        /** Argv prefixes run_command may run (default: tests and read-only commands). */
        allowlist: z.array(argvPrefixSchema).min(1, "is empty").optional(),
        timeoutMs: z.number().int().positive().optional(),
        /** Commands approved without asking a human. */
        autoApprove: z.array(argvPrefixSchema).default([]),
      })
      .strict()
      .optional(),
    http: z
      .object({
        /** Offering http_request at all needs at least one allowed host. */
        allowedHosts: z.array(z.string().min(1)).min(1, "is empty").optional(),
        allowPrivateAddresses: z.boolean().default(false),
        /** http_request calls approved without a human: these methods (and) these hosts. */
        autoApprove: z
          .object({
            methods: z.array(z.enum(httpMethods)).min(1, "is empty").optional(),
            hosts: z.array(z.string().min(1)).min(1, "is empty").optional(),
          })
          .strict()
          .refine((rule) => rule.methods !== undefined || rule.hosts !== undefined, {
            message: "names neither methods nor hosts",
          })
          .optional(),
      })
      .strict()
      .superRefine((http, context) => {
        if (http.allowedHosts !== undefined) return;
        for (const key of ["allowPrivateAddresses", "autoApprove"] as const)
          if (http[key])
            context.addIssue({
              code: "custom",
              message:
                "needs tools.http.allowedHosts: http_request is offered only for the hosts named there",
              path: [key],
            });
      })
      .optional(),
    approvals: z
      .object({
        rules: z.array(approvalRuleSchema).default([]),
        /** How long a request waits for a human (default 24 hours); then the termination policy applies. */
        timeoutMs: z.number().int().positive().optional(),
      })
      .strict()
      .optional(),
  })
  .strict();

const cacheConfigDefaults = {
  enabled: true,
  ttlSeconds: 7 * 24 * 60 * 60,
  mode: "deterministic-only" as const,
  tenant: "default",
};

/** The `cache:` section. */
export const cacheConfigSchema = z
  .object({
    enabled: z.boolean().default(cacheConfigDefaults.enabled),
    /** How long a cached answer or plan is served (default 7 days). */
    ttlSeconds: z.number().int().positive().default(cacheConfigDefaults.ttlSeconds),
    /** `deterministic-only`: only calls at temperature 0 or with a seed the model honours; `always`: all. */
    mode: z.enum(["deterministic-only", "always"]).default(cacheConfigDefaults.mode),
    /** Whose cache entries these are; runs of one tenant never see another's. */
    tenant: z.string().min(1, "is empty").default(cacheConfigDefaults.tenant),
  })
  .strict();

/** The `server:` section: what `agentone serve` allows. */
export const serverConfigSchema = z
  .object({
    /** Directories a run's workspace must lie under (symbolic links resolved); none: no run is accepted. */
    workspaceRoots: z.array(z.string().min(1, "is empty")).default([]),
    /** The largest request body accepted, in bytes (default 1 MiB). */
    bodyLimitBytes: z
      .number()
      .int()
      .positive()
      .default(1024 * 1024),
    /** How long in-flight runs may take to reach a stopping point on shutdown, in milliseconds. */
    shutdownGraceMs: z.number().int().nonnegative().default(10_000),
  })
  .strict();

/** agentone.yaml. */
export const configFileSchema = z
  .object({
    backends: z.array(fileBackendSchema).default([]),
    models: z.array(fileModelSchema).default([]),
    /** Ask local runners (Ollama, OpenAI-compatible servers other than api.openai.com) which models they serve. */
    discover: z.boolean().default(true),
    /** The routing and reliability policy every run starts from (tiers, rules, SLAs, fallback, retries). */
    policy: routingPolicyInputSchema.default({}),
    /** Circuit breaker per backend: consecutive failures that open it, and the cool-down before a probe. */
    circuitBreaker: z
      .object({
        failureThreshold: z.number().int().min(1).default(5),
        coolDownMs: z.number().int().positive().default(30_000),
      })
      .strict()
      .default({ failureThreshold: 5, coolDownMs: 30_000 }),
    /** The built-in tools' settings and the approval rules. */
    tools: toolsConfigSchema.default({}),
    /** MCP servers whose tools are offered to the model (mounted by commands that execute a run). */
    mcp: mcpServersConfigSchema.default([]),
    /** Caching of model answers and plans across runs (see engine/model-cache); `AGENTONE_CACHE=off` wins. */
    cache: cacheConfigSchema.default(cacheConfigDefaults),
    /** `agentone serve`: allowed workspace roots, body limit, shutdown grace. */
    server: serverConfigSchema.default({
      workspaceRoots: [],
      bodyLimitBytes: 1024 * 1024,
      shutdownGraceMs: 10_000,
    }),
  })
  .strict();

export type ConfigFile = z.output<typeof configFileSchema>;
export type FileModel = z.output<typeof fileModelSchema>;
export type ToolsConfig = z.output<typeof toolsConfigSchema>;
export type ServerConfig = z.output<typeof serverConfigSchema>;
