import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
import { parse as parseYaml } from "yaml";
import type { BackendConfig } from "../backends/backend-config.js";
import { builtinModels } from "../backends/builtin-models.js";
import type { CacheSettings } from "../cache/cache-settings.js";
import { ConfigError } from "../core/errors/index.js";
import type { ModelSpec } from "../core/model-spec.js";
import type { RoutingPolicyInput } from "../core/routing-policy-schema.js";
import { type CircuitBreakerSettings, defaultCircuitBreakerSettings } from "../policy/circuit-breaker.js";
import type { McpServersConfig } from "../tools/mcp/mcp-config-schema.js";
import {
  type ConfigFile,
  configFileSchema,
  type FileModel,
  type ServerConfig,
  serverConfigSchema,
  type ToolsConfig,
} from "./config-schema.js";
import { backendsFromEnvironment } from "./env-backends.js";
import { loadSimulatedPackageIfInstalled } from "./simulated-package.js";

/** Everything configuration decides: the backends to call and the models they serve. */
export interface ResolvedConfig {
  backends: BackendConfig[];
  models: ModelSpec[];
  discover: boolean;
  /** The file's routing policy (empty: the defaults). */
  policy: RoutingPolicyInput;
  circuitBreaker: CircuitBreakerSettings;
  /** The file's `tools:` section: shell, http and approval settings (empty: the defaults). */
  tools: ToolsConfig;
  /** The file's `mcp:` section: MCP servers to mount for commands that execute a run. */
  mcp: McpServersConfig;
  /** Model-answer and plan caching: the file's `cache:` section, switched off by `AGENTONE_CACHE=off`. */
  cache: CacheSettings;
  /** The file's `server:` section (`agentone serve`); workspace roots are as written, relative to the file. */
  server: ServerConfig;
  /** The file read, or null when none exists. */
  file: string | null;
}

async function readConfigFile(path: string): Promise<ConfigFile> {
  let raw: unknown;
  try {
    raw = parseYaml(await readFile(path, "utf8")) ?? {};
  } catch (error) {
    const reason = error instanceof Error ? error.message.split("\n")[0] : String(error);
    throw new ConfigError(`${path} is not valid YAML: ${reason}`, { key: "(file)", cause: error });
  }
  const parsed = configFileSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    // An unknown key is named itself, not just the object it sits in.
    const unknown = issue?.code === "unrecognized_keys" ? issue.keys.slice(0, 1) : [];
    const key =
      [...(issue?.path ?? []), ...unknown]
        .map((part) => (typeof part === "number" ? `[${part}]` : `.${String(part)}`))
        .join("")
        .replace(/^\./, "") ?? "";
    throw new ConfigError(`${path}: ${key || "(root)"} ${issue?.message ?? "is invalid"}`, { key });
  }
  return parsed.data;
}

function fileModelSpec(model: FileModel): ModelSpec {
  const prices = model.prices ?? { input: 0, output: 0 };
  return {
    id: model.id,
    ...(model.remoteId ? { remoteId: model.remoteId } : {}),
    backend: model.backend,
    tier: model.tier,
    prices: {
      input: prices.input,
      output: prices.output,
      cachedInput: prices.cachedInput ?? prices.input,
      cacheWrite: prices.cacheWrite ?? prices.input,
    },
    contextWindow: model.contextWindow,
    maxOutputTokens: model.maxOutputTokens,
    timeToFirstTokenMs: model.timeToFirstTokenMs,
    outputTokensPerSecond: model.outputTokensPerSecond,
    capabilities: { tools: true, json: true, seed: true, ...model.capabilities },
    source: "agentone.yaml",
  };
}

/** A policy may only name models the catalog knows: a typo fails at load, naming the key. */
function checkPolicyModels(policy: RoutingPolicyInput, known: ReadonlySet<string>): void {
  const check = (id: string, key: string) => {
    if (!known.has(id)) throw new ConfigError(`${key}: unknown model '${id}'`, { key });
  };
  for (const [from, chain] of Object.entries(policy.fallback?.chains ?? {})) {
    check(from, `policy.fallback.chains.${from}`);
    for (const [index, id] of chain.entries()) check(id, `policy.fallback.chains.${from}[${index}]`);
  }
  for (const [index, rule] of (policy.rules ?? []).entries())
    if (rule.use.model !== undefined) check(rule.use.model, `policy.rules[${index}].use.model`);
}

function cacheSettingsOf(
  section: ConfigFile["cache"] | undefined,
  env: Record<string, string | undefined>,
): CacheSettings {
  const off = env.AGENTONE_CACHE?.trim().toLowerCase() === "off";
  return {
    enabled: (section?.enabled ?? true) && !off,
    mode: section?.mode ?? "deterministic-only",
    ttlMs: (section?.ttlSeconds ?? 7 * 24 * 60 * 60) * 1000,
    tenant: section?.tenant ?? "default",
  };
}

/**
 * Reads configuration: `agentone.yaml` (or `path`, or `$AGENTONE_CONFIG`) and the usual environment
 * variables. A backend in the file overrides the one an environment variable implies; a model in the file
 * overrides a built-in one with the same id. Invalid configuration is a ConfigError naming the key.
 * The simulated models (`@agentone/simulated`, when installed) come first in the catalog.
 *
 * @example
 * ```ts
 * const config = await loadConfig({ cwd: process.cwd(), env: process.env });
 * config.backends.map((backend) => backend.name); // e.g. ["ollama"]
 * ```
 */
export async function loadConfig(options: {
  cwd: string;
  env: Record<string, string | undefined>;
  path?: string;
}): Promise<ResolvedConfig> {
  const explicit = options.path ?? options.env.AGENTONE_CONFIG;
  const path = resolve(options.cwd, explicit ?? "agentone.yaml");
  if (explicit && !existsSync(path))
    throw new ConfigError(`config file ${path} does not exist`, { key: "config" });
  const file = existsSync(path) ? await readConfigFile(path) : null;
  const backends = new Map(backendsFromEnvironment(options.env).map((backend) => [backend.name, backend]));
  for (const [index, backend] of (file?.backends ?? []).entries()) {
    const apiKey = backend.apiKeyEnv ? options.env[backend.apiKeyEnv] : undefined;
    if (backend.apiKeyEnv && !apiKey) {
      throw new ConfigError(
        `backends[${index}].apiKeyEnv: environment variable ${backend.apiKeyEnv} is not set`,
        { key: `backends[${index}].apiKeyEnv` },
      );
    }
    backends.set(backend.name, {
      name: backend.name,
      protocol: backend.protocol,
      baseUrl: backend.baseUrl,
      stream: backend.stream,
      ...(apiKey ? { apiKey } : {}),
    });
  }
  const simulatedModels = (await loadSimulatedPackageIfInstalled())?.simulatedModels ?? [];
  const models = new Map([...simulatedModels, ...builtinModels].map((model) => [model.id, model]));
  for (const [index, model] of (file?.models ?? []).entries()) {
    if (model.backend !== "simulated" && !backends.has(model.backend)) {
      throw new ConfigError(`models[${index}].backend: no backend named '${model.backend}' is configured`, {
        key: `models[${index}].backend`,
      });
    }
    models.set(model.id, fileModelSpec(model));
  }
  checkPolicyModels(file?.policy ?? {}, new Set(models.keys()));
  return {
    backends: [...backends.values()],
    models: [...models.values()],
    discover: file?.discover ?? true,
    policy: file?.policy ?? {},
    circuitBreaker: file?.circuitBreaker ?? defaultCircuitBreakerSettings,
    tools: file?.tools ?? {},
    mcp: file?.mcp ?? [],
    cache: cacheSettingsOf(file?.cache, options.env),
    server: file?.server ?? serverConfigSchema.parse({}),
    file: file ? path : null,
  };
}
