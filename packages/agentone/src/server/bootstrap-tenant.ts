import type { Clock } from "../core/clock/index.js";
import { isAgentOneError } from "../core/errors/index.js";
import type { IdGenerator } from "../core/ids.js";
import type { Store } from "../store/store.js";
import type { ApiKeyRecord } from "../store/tenants.js";
import { newApiKey } from "./auth/api-keys.js";

/**
 * On a store with no tenant at all: creates the tenant `default` and an admin key for it, and returns the
 * key (to print once). Null when any tenant exists, so the key is never made, nor shown, again. Two servers
 * starting together on one database: the second finds the tenant taken and makes no key.
 */
export async function bootstrapDefaultTenant(input: {
  store: Store;
  ids: IdGenerator;
  clock: Clock;
}): Promise<{ secret: string; record: ApiKeyRecord } | null> {
  const { store } = input;
  if ((await store.listTenants()).length > 0) return null;
  const at = new Date(input.clock.now()).toISOString();
  try {
    await store.createTenant({ name: "default", createdAt: at });
  } catch (error) {
    if (isAgentOneError(error) && error.code === "USAGE_ERROR") return null;
    throw error;
  }
  const key = newApiKey({ tenant: "default", role: "admin", ids: input.ids, at });
  await store.createApiKey(key.record);
  return key;
}
