import { join, resolve } from "node:path";
import { ConfigError, isAgentOneError } from "../core/errors/index.js";
import type { Store } from "../store/store.js";
import type { CliIo } from "./cli-io.js";

/** Where AgentOne keeps its state: `AGENTONE_HOME`, else `.agentone/` under the current directory. */
export function agentoneHome(io: CliIo): string {
  return io.env.AGENTONE_HOME ? resolve(io.cwd, io.env.AGENTONE_HOME) : join(io.cwd, ".agentone");
}

/**
 * Where the embedded store's template is kept, to be copied into new homes: `$XDG_CACHE_HOME/agentone`,
 * else `~/.cache/agentone`; none when neither is known (each new home's store is then built from nothing).
 */
export function storeTemplatesDirectory(io: CliIo): string | undefined {
  const cache = io.env.XDG_CACHE_HOME || (io.env.HOME ? join(io.env.HOME, ".cache") : undefined);
  return cache ? join(resolve(io.cwd, cache), "agentone", "store-templates") : undefined;
}

/** Opens the store the CLI uses: PostgreSQL when `DATABASE_URL` is set, else the embedded store. */
export async function openCliStore(io: CliIo): Promise<Store> {
  const { openStore } = await openStoreModule();
  const databaseUrl = io.env.DATABASE_URL;
  const templatesDirectory = storeTemplatesDirectory(io);
  try {
    return await openStore({
      home: agentoneHome(io),
      ...(databaseUrl ? { databaseUrl } : {}),
      ...(templatesDirectory ? { templatesDirectory } : {}),
    });
  } catch (error) {
    // The library names its option; the user set an environment variable.
    if (isAgentOneError(error) && error.code === "CONFIG_ERROR" && error.details.key === "databaseUrl")
      throw new ConfigError(`DATABASE_URL: ${error.message}`, { key: "DATABASE_URL", cause: error });
    throw error;
  }
}

/** True when a read-only command has nothing to read (and must not create a store just to say so). */
export async function noStoreYet(io: CliIo): Promise<boolean> {
  if (io.env.DATABASE_URL) return false;
  const { storeExists } = await openStoreModule();
  return !(await storeExists(agentoneHome(io)));
}

/** Loaded when a command first needs a store, so commands that need none (`--help`) do not load its modules. */
function openStoreModule(): Promise<typeof import("../store/open-store.js")> {
  return import("../store/open-store.js");
}
