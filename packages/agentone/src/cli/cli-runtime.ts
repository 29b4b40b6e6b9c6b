import { dirname } from "node:path";
import { BackendRegistry } from "../backends/backend-registry.js";
import { ModelCatalog } from "../backends/model-catalog.js";
import { loadTokenCounter } from "../backends/token-counter.js";
import type { buildRegistry } from "../config/build-backends.js";
import { applyDiscoveries, type Discovery, discoverModels } from "../config/discover-models.js";
import { loadConfig, type ResolvedConfig } from "../config/load-config.js";
import { loadSimulatedPackage, loadSimulatedPackageIfInstalled } from "../config/simulated-package.js";
import { type Clock, RealClock, VirtualClock } from "../core/clock/index.js";
import { ConfigError, isAgentOneError } from "../core/errors/index.js";
import type { RunEvent } from "../core/events/run-event.js";
import type { ModelSpec } from "../core/model-spec.js";
import { FileKillSwitch } from "../engine/kill-switch/file-kill-switch.js";
import { createRuntime, type Runtime } from "../engine/runtime.js";
import { createApprovalPolicy } from "../policy/approval-policy.js";
import { plural } from "../report/format.js";
import { createDefaultTools } from "../tools/default-tools.js";
import { createHttpTools } from "../tools/http/index.js";
import type { MountedMcpServers } from "../tools/mcp/mount-mcp-servers.js";
import { createShellTools } from "../tools/shell/index.js";
import type { AnyTool } from "../tools/tool.js";
import type { CliIo } from "./cli-io.js";
import { agentoneHome, openCliStore } from "./cli-store.js";
import { packageVersion } from "./package-version.js";

/** `auto`: virtual while every model the run can use is simulated, real otherwise. */
export type ClockChoice = "auto" | "real" | "virtual";

/** Configuration plus the models self-hosted backends report; warns on stderr about backends that do not answer. */
export async function loadCliModels(
  io: CliIo,
  options: { configPath?: string; quiet?: boolean },
): Promise<{ config: ResolvedConfig; models: ModelSpec[]; discoveries: Discovery[] }> {
  const config = await loadConfig({
    cwd: io.cwd,
    env: io.env,
    ...(options.configPath ? { path: options.configPath } : {}),
  });
  if (!config.discover) return { config, models: config.models, discoveries: [] };
  const { models: discovered, discoveries } = await discoverModels({
    backends: config.backends,
    known: config.models,
  });
  const models = applyDiscoveries({ models: config.models, discovered, discoveries });
  if (!options.quiet) printDiscoveryWarnings(io, discoveries);
  return { config, models, discoveries };
}

/** Warns on stderr about backends that did not answer well and models listed without a price. */
function printDiscoveryWarnings(
  io: CliIo,
  discoveries: readonly Discovery[],
  options: { unreachableLeftOut?: boolean } = {},
): void {
  for (const discovery of discoveries) {
    if (discovery.error) {
      const leftOut = options.unreachableLeftOut && discovery.unreachable ? "; its models are left out" : "";
      io.stderr.write(`warning: backend ${discovery.backend}: ${discovery.error}${leftOut}\n`);
    }
    const unpriced = discovery.unpriced ?? [];
    if (unpriced.length > 0) {
      const examples = unpriced.slice(0, 3).join(", ");
      io.stderr.write(
        `warning: backend ${discovery.backend} lists ${plural(unpriced.length, "model")} with no known price (${examples}${unpriced.length > 3 ? ", ..." : ""}); declare the ones you want in agentone.yaml with prices\n`,
      );
    }
  }
}

/**
 * The models a run may use: a backend that could not be reached at start (refused, unknown host, timeout)
 * cannot serve it, and routing to it would only spend minutes on retries and open circuits. A pinned model
 * on such a backend is a configuration error naming the backend and the reason.
 */
function reachableModels(
  models: readonly ModelSpec[],
  input: { discoveries: readonly Discovery[]; pinnedModel: string | null },
): ModelSpec[] {
  const unreachable = new Map(
    input.discoveries
      .filter((discovery) => discovery.unreachable)
      .map((discovery) => [discovery.backend, discovery.error ?? "could not be reached"]),
  );
  const pinned = models.find((model) => model.id === input.pinnedModel);
  const pinnedWhy = pinned ? unreachable.get(pinned.backend) : undefined;
  if (pinned && pinnedWhy)
    throw new ConfigError(`model '${pinned.id}' needs backend ${pinned.backend}, which ${pinnedWhy}`, {
      key: "model",
    });
  return models.filter((model) => !unreachable.has(model.backend));
}

function chooseClock(
  choice: ClockChoice,
  input: { config: ResolvedConfig; pinned: ModelSpec | null },
): Clock {
  const simulatedOnly = input.pinned
    ? input.pinned.backend === "simulated"
    : input.config.backends.length === 0;
  const virtual = choice === "virtual" || (choice === "auto" && simulatedOnly);
  return virtual ? new VirtualClock({ start: Date.now() }) : new RealClock();
}

/** A runtime for one CLI command, and the one call that releases what it holds. */
export type CliRuntime = Runtime & {
  /** Shuts down the mounted MCP servers, then closes the store. Call it once, in `finally`. */
  close(): Promise<void>;
};

/**
 * The function that builds the backend registry. Loaded only when a backend is configured: the adapters
 * bring the provider SDKs, which a run on the simulated models alone does not need.
 */
async function registryBuilder(config: ResolvedConfig): Promise<typeof buildRegistry> {
  if (config.backends.length === 0) return simulatedOnlyRegistry;
  return (await import("../config/build-backends.js")).buildRegistry;
}

/** {@link buildRegistry} when no backend is configured: the simulator alone, over the catalog's models. */
function simulatedOnlyRegistry(input: Parameters<typeof buildRegistry>[0]): BackendRegistry {
  return new BackendRegistry({
    catalog: new ModelCatalog(input.models),
    backends: input.simulator ? [input.simulator] : [],
  });
}

/** `AGENTONE_CACHE=off` turns off every cache: model answers, plans and tool outputs. */
function cachesOff(io: CliIo): boolean {
  return io.env.AGENTONE_CACHE?.trim().toLowerCase() === "off";
}

/** Runs `build`, naming the offending key of a ConfigError from within `tools.<section>`. */
function inSection<Value>(section: string, build: () => Value): Value {
  try {
    return build();
  } catch (error) {
    if (!isAgentOneError(error) || error.code !== "CONFIG_ERROR") throw error;
    const key = `tools.${section}${error.details.key ? `.${String(error.details.key)}` : ""}`;
    throw new ConfigError(`${key}: ${error.message}`, { key, cause: error });
  }
}

/** The tools of agentone.yaml's `tools:` section, plus the mounted MCP servers' tools. */
function toolsFor(
  config: ResolvedConfig,
  input: { tokenCounter: Awaited<ReturnType<typeof loadTokenCounter>>; extra: readonly AnyTool[] },
): AnyTool[] {
  const { shell: shellSettings, http: httpSettings } = config.tools;
  const shell = {
    ...(shellSettings?.allowlist ? { allowlist: shellSettings.allowlist } : {}),
    ...(shellSettings?.timeoutMs === undefined ? {} : { timeoutMs: shellSettings.timeoutMs }),
  };
  const http = httpSettings?.allowedHosts
    ? { allowedHosts: httpSettings.allowedHosts, allowPrivateAddresses: httpSettings.allowPrivateAddresses }
    : undefined;
  inSection("shell", () => createShellTools(shell));
  if (http) inSection("http", () => createHttpTools(http));
  return createDefaultTools({
    tokenCounter: input.tokenCounter,
    shell,
    ...(http ? { http } : {}),
    extra: input.extra,
  });
}

function approvalsFor(config: ResolvedConfig) {
  const { shell, http, approvals } = config.tools;
  return createApprovalPolicy({
    rules: approvals?.rules ?? [],
    ...(approvals?.timeoutMs === undefined ? {} : { timeoutMs: approvals.timeoutMs }),
    shellAutoApprove: shell?.autoApprove ?? [],
    ...(http?.autoApprove ? { httpAutoApprove: http.autoApprove } : {}),
  });
}

/** Mounts the configured MCP servers (none configured: nothing is started). */
async function mountConfiguredServers(io: CliIo, config: ResolvedConfig): Promise<MountedMcpServers | null> {
  if (config.mcp.length === 0) return null;
  // Loaded only when a server is configured: the MCP SDK is a large load for runs that use none.
  const { mountMcpServers } = await import("../tools/mcp/mount-mcp-servers.js");
  return mountMcpServers(config.mcp, {
    environment: io.env,
    clientInfo: { name: "agentone", version: packageVersion() },
    workingDirectory: config.file ? dirname(config.file) : io.cwd,
  });
}

/**
 * A runtime for one CLI command. Configuration (tools and approval rules included) and the pinned model
 * are checked before the store is opened, so bad configuration writes nothing. With `mountMcp` (commands
 * that execute a run) the configured MCP servers are started and their tools offered. The caller calls
 * `close()` in `finally`.
 */
export async function openCliRuntime(
  io: CliIo,
  options: {
    clock: ClockChoice;
    configPath?: string;
    pinnedModel?: string | null;
    onEvent?: (event: RunEvent) => void;
    mountMcp?: boolean;
  },
): Promise<CliRuntime> {
  const loaded = await loadCliModels(io, {
    ...(options.configPath ? { configPath: options.configPath } : {}),
    quiet: true,
  });
  const { config, discoveries } = loaded;
  // The simulated models are the default: required when no backend is configured, optional otherwise.
  const simulated =
    config.backends.length === 0 ? await loadSimulatedPackage() : await loadSimulatedPackageIfInstalled();
  const models = reachableModels(loaded.models, {
    discoveries,
    pinnedModel: options.pinnedModel ?? null,
  });
  const pinned = options.pinnedModel ? models.find((model) => model.id === options.pinnedModel) : undefined;
  if (options.pinnedModel && !pinned) {
    const known = models.map((model) => model.id).join(", ");
    throw new ConfigError(`unknown model '${options.pinnedModel}'; known models: ${known}`, { key: "model" });
  }
  const clock = chooseClock(options.clock, { config, pinned: pinned ?? null });
  const tokenCounter = await loadTokenCounter();
  const backends = (await registryBuilder(config))({
    backends: config.backends,
    models,
    tokenCounter,
    ...(simulated ? { simulator: new simulated.SimulatedBackend({ clock, tokenCounter }) } : {}),
  });
  // Configured backends that offer no model must not quietly hand the run to the simulator.
  if (config.backends.length > 0 && backends.onlySimulated() && !pinned?.simulated) {
    const why = discoveries
      .map((discovery) => `${discovery.backend}: ${discovery.error ?? "no usable models"}`)
      .join("; ");
    throw new ConfigError(
      `no model is available from the configured backends (${why || config.backends.map((backend) => backend.name).join(", ")})`,
      { key: "backends" },
    );
  }
  // Another backend can serve the run: the ones that failed are worth a warning, not a stop.
  printDiscoveryWarnings(io, discoveries, { unreachableLeftOut: true });
  const approvals = approvalsFor(config);
  // Built once without MCP tools to check the tool settings before any server is started.
  toolsFor(config, { tokenCounter, extra: [] });
  const mounted = options.mountMcp ? await mountConfiguredServers(io, config) : null;
  try {
    const tools = toolsFor(config, { tokenCounter, extra: mounted?.tools ?? [] });
    const store = await openCliStore(io);
    const runtime = createRuntime({
      store,
      tokenCounter,
      clock,
      backends,
      tools,
      approvals,
      killSwitch: new FileKillSwitch(agentoneHome(io)),
      defaultPolicy: config.policy,
      circuitBreaker: config.circuitBreaker,
      cache: config.cache,
      ...(cachesOff(io) || !config.cache.enabled ? { toolCache: null } : {}),
      ...(options.onEvent ? { onEvent: options.onEvent } : {}),
    });
    const close = async () => {
      try {
        await mounted?.close();
      } finally {
        await store.close();
      }
    };
    return { ...runtime, close };
  } catch (error) {
    await mounted?.close();
    throw error;
  }
}
