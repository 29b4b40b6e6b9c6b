import type { Command } from "commander";
import { UsageError } from "../../core/errors/index.js";
import { createRandomIdGenerator } from "../../core/ids.js";
import { newApiKey } from "../../server/auth/api-keys.js";
import type { Store } from "../../store/store.js";
import { type ApiKeyRole, apiKeyRoles, checkTenantName } from "../../store/tenants.js";
import type { CliIo } from "../cli-io.js";
import { openCliStore } from "../cli-store.js";
import { printNewKey } from "../print-new-key.js";

async function withStore<T>(io: CliIo, work: (store: Store) => Promise<T>): Promise<T> {
  const store = await openCliStore(io);
  try {
    return await work(store);
  } finally {
    await store.close();
  }
}

function parseRole(value: string): ApiKeyRole {
  const role = apiKeyRoles.find((candidate) => candidate === value);
  if (role === undefined) throw new UsageError(`--role must be admin or member, not '${value}'`);
  return role;
}

/** `agentone tenants create|list` and `agentone keys create|list|revoke`, for `agentone serve`. */
export function registerTenantCommands(program: Command, io: CliIo): void {
  const tenants = program.command("tenants").description("the tenants of `agentone serve`");
  tenants
    .command("create")
    .description("create a tenant")
    .argument("<name>", "lower-case letters, digits and dashes")
    .action(async (name: string) => {
      checkTenantName(name);
      await withStore(io, (store) => store.createTenant({ name, createdAt: new Date().toISOString() }));
      io.stdout.write(`Tenant ${name} created. Give it a key: agentone keys create --tenant ${name}\n`);
    });
  tenants
    .command("list")
    .description("list the tenants")
    .action(async () => {
      const list = await withStore(io, (store) => store.listTenants());
      if (list.length === 0) io.stdout.write("No tenants yet (`agentone serve` creates `default`).\n");
      for (const tenant of list) io.stdout.write(`${tenant.name}  ${tenant.createdAt}\n`);
    });

  const keys = program.command("keys").description("the API keys of `agentone serve`");
  keys
    .command("create")
    .description("create an API key; it is printed once and stored only as a hash")
    .requiredOption("--tenant <name>", "the tenant the key belongs to")
    .option("--role <role>", "admin (every tenant) or member (its tenant only)", parseRole, "member")
    .action(async (flags: { tenant: string; role: ApiKeyRole }) => {
      const { secret, record } = newApiKey({
        tenant: flags.tenant,
        role: flags.role,
        ids: createRandomIdGenerator(),
        at: new Date().toISOString(),
      });
      await withStore(io, (store) => store.createApiKey(record));
      printNewKey(io, { id: record.id, tenant: record.tenant, role: record.role, secret });
    });
  keys
    .command("list")
    .description("list API keys (ids, never the keys)")
    .option("--tenant <name>", "only this tenant's keys")
    .action(async (flags: { tenant?: string }) => {
      const list = await withStore(io, (store) =>
        store.listApiKeys(flags.tenant === undefined ? {} : { tenant: flags.tenant }),
      );
      for (const key of list)
        io.stdout.write(
          `${key.id}  ${key.tenant}  ${key.role}  ${key.createdAt}${key.revokedAt ? `  revoked ${key.revokedAt}` : ""}\n`,
        );
    });
  keys
    .command("revoke")
    .description("revoke an API key: requests with it are refused from now on")
    .argument("<id>", "the key's id (key_...)")
    .action(async (id: string) => {
      await withStore(io, (store) => store.revokeApiKey(id, new Date().toISOString()));
      io.stdout.write(`API key ${id} revoked.\n`);
    });
}
