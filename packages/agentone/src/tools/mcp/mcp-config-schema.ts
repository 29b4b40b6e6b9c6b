import { z } from "zod";

const environmentVariableName = z
  .string()
  .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, "name an environment variable, e.g. GITHUB_TOKEN");

/** Header name → variable name; zod reports a bad record key without its message, so keys are checked here. */
const headersFromEnvironment = z
  .record(z.string(), environmentVariableName)
  .superRefine((headers, context) => {
    for (const header of Object.keys(headers))
      if (!/^[A-Za-z0-9][A-Za-z0-9-]*$/.test(header))
        context.addIssue({ code: "custom", message: "must be an HTTP header name", path: [header] });
  });

const toolNames = z.array(z.string().min(1, "name a tool"));

const sharedShape = {
  /** Prefixes the server's tool names: `<name>__<tool>`. */
  name: z
    .string()
    .regex(/^[a-z0-9][a-z0-9-]*$/, "use lower-case letters, digits and dashes")
    .max(32, "use at most 32 characters"),
  /** Which of the server's tools to offer: `include` first (all when absent), then `exclude`. */
  tools: z.object({ include: toolNames.optional(), exclude: toolNames.optional() }).strict().optional(),
  /** Tools declared idempotent (same arguments, same result, no further effect), so they may be cached. */
  idempotentTools: toolNames.default([]),
  /**
   * Overrides the approval default (every tool needs approval unless the server declares it read-only).
   * `never` wins over `require: "all"`; a tool named in both lists is an error.
   */
  approval: z
    .object({ require: z.union([z.literal("all"), toolNames]).optional(), never: toolNames.optional() })
    .strict()
    .optional(),
  /** Per request once connected: listing tools, and each tool call. */
  timeoutMs: z.number().int().min(100).max(600_000).default(30_000),
  /** Starting the server and the MCP handshake; longer, since `npx` may first download the server. */
  connectTimeoutMs: z.number().int().min(100).max(600_000).default(60_000),
};

const stdioServerSchema = z
  .object({
    ...sharedShape,
    transport: z.literal("stdio"),
    command: z.string().min(1, "name the program that starts the server"),
    args: z.array(z.string()).default([]),
    /** Names of environment variables passed through to the server; values never sit in the file. */
    env: z.array(environmentVariableName).default([]),
    cwd: z.string().min(1).optional(),
  })
  .strict();

const httpServerSchema = z
  .object({
    ...sharedShape,
    transport: z.literal("http"),
    url: z.url({ protocol: /^https?$/, error: "must be an http or https URL" }),
    /** Header name → the environment variable whose value is sent verbatim in it. */
    headersFromEnv: headersFromEnvironment.optional(),
    /** Sends `Authorization: Bearer <value of this variable>`. */
    bearerTokenEnv: environmentVariableName.optional(),
  })
  .strict()
  .refine(
    (server) =>
      server.bearerTokenEnv === undefined ||
      !Object.keys(server.headersFromEnv ?? {}).some((header) => header.toLowerCase() === "authorization"),
    {
      message: "sets Authorization twice; drop it from headersFromEnv or drop bearerTokenEnv",
      path: ["bearerTokenEnv"],
    },
  );

/**
 * One MCP server in agentone.yaml. Secrets are named by environment variable, never written inline.
 *
 * @example
 * ```ts
 * mcpServerConfigSchema.parse({ name: "notes", transport: "stdio", command: "notes-mcp", env: ["NOTES_TOKEN"] });
 * ```
 */
export const mcpServerConfigSchema = z
  .discriminatedUnion("transport", [stdioServerSchema, httpServerSchema], {
    error: 'transport must be "stdio" or "http"',
  })
  .superRefine((server, context) => {
    const never = new Set(server.approval?.never ?? []);
    const require = server.approval?.require;
    for (const tool of Array.isArray(require) ? require : [])
      if (never.has(tool))
        context.addIssue({
          code: "custom",
          message: `names ${JSON.stringify(tool)} in both approval.require and approval.never`,
          path: ["approval", "never"],
        });
    const excluded = new Set(server.tools?.exclude ?? []);
    for (const tool of server.tools?.include ?? [])
      if (excluded.has(tool))
        context.addIssue({
          code: "custom",
          message: `names ${JSON.stringify(tool)} in both tools.include and tools.exclude`,
          path: ["tools", "exclude"],
        });
  });

/**
 * The `mcp` section of agentone.yaml: the MCP servers whose tools are offered to the model. Server
 * names must be unique, because they prefix the tool names.
 *
 * @example
 * ```ts
 * const servers = mcpServersConfigSchema.parse([
 *   { name: "docs", transport: "http", url: "https://mcp.example.com/mcp", bearerTokenEnv: "DOCS_TOKEN" },
 * ]);
 * servers[0]?.timeoutMs; // 30000
 * ```
 */
export const mcpServersConfigSchema = z.array(mcpServerConfigSchema).superRefine((servers, context) => {
  const seen = new Set<string>();
  for (const [index, server] of servers.entries()) {
    if (seen.has(server.name))
      context.addIssue({
        code: "custom",
        message: `repeats the server name ${JSON.stringify(server.name)}; server names must be unique`,
        path: [index, "name"],
      });
    seen.add(server.name);
  }
});

export type McpServerConfig = z.output<typeof mcpServerConfigSchema>;
export type McpServerConfigInput = z.input<typeof mcpServerConfigSchema>;
export type McpServersConfig = z.output<typeof mcpServersConfigSchema>;
export type McpServersConfigInput = z.input<typeof mcpServersConfigSchema>;
