/**
 * Kill switches per tenant, turned on by a member's `POST /v1/kill`: the tenant's runs are killed and its
 * new runs refused until released. Kept in the server's memory (the global switch, an admin's, is the
 * runtime's persistent one): a restart releases them, and the runs they killed stay killed.
 */
export class TenantKillSwitch {
  readonly #on = new Set<string>();

  isOn(tenant: string): boolean {
    return this.#on.has(tenant);
  }

  trigger(tenant: string): void {
    this.#on.add(tenant);
  }

  release(tenant: string): void {
    this.#on.delete(tenant);
  }
}
