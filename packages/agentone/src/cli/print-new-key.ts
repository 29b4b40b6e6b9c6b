import type { ApiKeyRole } from "../store/tenants.js";
import type { CliIo } from "./cli-io.js";

/** Prints a new key once, with what it is for; the store keeps only its hash. */
export function printNewKey(
  io: CliIo,
  input: { id: string; tenant: string; role: ApiKeyRole; secret: string },
): void {
  io.stdout.write(
    `API key ${input.id} (${input.role}, tenant ${input.tenant}):\n  ${input.secret}\n` +
      "Shown this once: AgentOne keeps only its hash. Send it as `Authorization: Bearer <key>`.\n",
  );
}
