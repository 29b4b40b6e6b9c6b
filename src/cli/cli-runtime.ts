import { join, resolve } from "node:path";
import { BackendRegistry } from "../backends/backend-registry.js";
import { ModelCatalog } from "../backends/model-catalog.js";
import { SimulatedBackend } from "../backends/simulated/simulated-backend.js";
import { simulatedModels } from "../backends/simulated/simulated-models.js";
import { loadTokenCounter, type TokenCounter } from "../backends/token-counter.js";
import { type Clock, RealClock, VirtualClock } from "../core/clock/index.js";
import type { RunEvent } from "../core/events/run-event.js";
import { FileKillSwitch } from "../engine/file-kill-switch.js";
import { createRuntime, type Runtime } from "../engine/runtime.js";
import { openStore, storeExists } from "../store/open-store.js";
import type { Store } from "../store/store.js";
import type { CliIo } from "./cli-io.js";

/** Where AgentOne keeps its state: `AGENTONE_HOME`, else `.agentone/` under the current directory. */
export function agentoneHome(io: CliIo): string {
  return io.env.AGENTONE_HOME ? resolve(io.cwd, io.env.AGENTONE_HOME) : join(io.cwd, ".agentone");
}

/** The models and backends the CLI can use (built-in simulated models for now). */
export function cliBackends(options: { clock: Clock; tokenCounter: TokenCounter }): BackendRegistry {
  return new BackendRegistry({
    catalog: new ModelCatalog(simulatedModels),
    backends: [new SimulatedBackend(options)],
  });
}

/** Opens the store the CLI uses: PostgreSQL when `DATABASE_URL` is set, else the embedded store. */
export function openCliStore(io: CliIo): Promise<Store> {
  const databaseUrl = io.env.DATABASE_URL;
  return openStore({ home: agentoneHome(io), ...(databaseUrl ? { databaseUrl } : {}) });
}

/** True when a read-only command has nothing to read (and must not create a store just to say so). */
export async function noStoreYet(io: CliIo): Promise<boolean> {
  return !io.env.DATABASE_URL && !(await storeExists(agentoneHome(io)));
}

/** A runtime for one CLI command. The caller closes `runtime.store`. */
export async function openCliRuntime(
  io: CliIo,
  options: { clock: "real" | "virtual"; onEvent?: (event: RunEvent) => void },
): Promise<Runtime> {
  const clock = options.clock === "virtual" ? new VirtualClock({ start: Date.now() }) : new RealClock();
  const tokenCounter = await loadTokenCounter();
  const store = await openCliStore(io);
  return createRuntime({
    store,
    tokenCounter,
    clock,
    backends: cliBackends({ clock, tokenCounter }),
    killSwitch: new FileKillSwitch(agentoneHome(io)),
    ...(options.onEvent ? { onEvent: options.onEvent } : {}),
  });
}
