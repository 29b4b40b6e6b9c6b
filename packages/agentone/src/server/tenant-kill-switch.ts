import type { Store } from "../store/store.js";

/**
 * Kill switches per tenant, turned on by a member's `POST /v1/kill`: the tenant's runs are killed and its
 * new runs refused until released. Kept in the store (`tenant_kill_switches`), so a restarted server still
 * refuses them, and a release is as durable; read once when the server starts ({@link load}) and asked from
 * memory after that, since every create, approval, resume and step asks. (The global switch, an admin's, is
 * the runtime's own, which is persistent too.) A store without the kill switch methods keeps them in memory
 * only.
 */
export class TenantKillSwitch {
  readonly #on = new Set<string>();
  readonly #store: Store;

  constructor(store: Store) {
    this.#store = store;
  }

  /** Reads the switches that are on from the store; returns their tenants. Called before serving. */
  async load(): Promise<string[]> {
    const engaged = (await this.#store.listTenantKillSwitches?.()) ?? [];
    for (const record of engaged) this.#on.add(record.tenant);
    return engaged.map((record) => record.tenant);
  }

  isOn(tenant: string): boolean {
    return this.#on.has(tenant);
  }

  /** On at once in this server, then in the store: should the write fail, the switch still holds until a restart. */
  async trigger(tenant: string, at: string): Promise<void> {
    this.#on.add(tenant);
    await this.#store.engageTenantKillSwitch?.({ tenant, engagedAt: at });
  }

  /** Off in the store first, then in this server: should the write fail, the switch stays on. */
  async release(tenant: string): Promise<void> {
    await this.#store.releaseTenantKillSwitch?.(tenant);
    this.#on.delete(tenant);
  }
}
