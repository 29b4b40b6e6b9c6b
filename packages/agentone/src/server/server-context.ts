import type { Runtime } from "../engine/runtime.js";
import type { Store } from "../store/store.js";
import type { ApiKeyRole } from "../store/tenants.js";
import type { RunEventHub } from "./run-event-hub.js";
import type { RunExecutor } from "./run-executor.js";
import type { TenantKillSwitch } from "./tenant-kill-switch.js";

/** Who made a request: the API key's tenant and role. */
export interface Principal {
  keyId: string;
  tenant: string;
  role: ApiKeyRole;
}

/** Settings of the server (agentone.yaml's `server:` section, plus flags). */
export interface ServerSettings {
  /** Directories under which run workspaces may lie (real paths). */
  workspaceRoots: readonly string[];
  bodyLimitBytes: number;
  /** The longest `?wait=` a create may ask for, in seconds. */
  maxWaitSeconds: number;
}

/**
 * What the routes work with, passed in: nothing global. `runtimeFor` gives the runtime of one tenant (its
 * own cache scope over the shared store, backends and kill switch).
 */
export interface ServerContext {
  store: Store;
  runtimeFor(tenant: string): Runtime;
  /** The runtime shared by every tenant (kill switch, clock, ids). */
  runtime: Runtime;
  executor: RunExecutor;
  events: RunEventHub;
  tenantKills: TenantKillSwitch;
  settings: ServerSettings;
  /** Whether the server still accepts new work (false once shutdown began). */
  accepting(): boolean;
  /** Refuse new work from now on (shutdown). */
  stopAccepting(): void;
  /** Where the server writes its operational messages (never keys). */
  log(line: string): void;
}

/** Hono's environment for the app: the principal is set by the bearer middleware. */
export interface ServerEnvironment {
  Variables: { principal: Principal };
}
