import { createHash, randomBytes } from "node:crypto";
import type { IdGenerator } from "../../core/ids.js";
import type { ApiKeyRecord, ApiKeyRole } from "../../store/tenants.js";

/** Every secret key starts so, which makes a leaked one easy to recognise (secret scanners, logs). */
export const apiKeyPrefix = "agentone_";

/**
 * The sha256 of a key, hex: what the store keeps. A key holds 256 random bits, so a fast hash is enough:
 * nobody can guess one from its hash, and a slow password hash would only slow every request down.
 */
export function hashApiKey(key: string): string {
  return createHash("sha256").update(key, "utf8").digest("hex");
}

/**
 * Makes a new key for a tenant: the secret (shown once, never stored) and the record to store.
 *
 * @example
 * ```ts
 * const { secret, record } = newApiKey({ tenant: "default", role: "admin", ids, at: new Date().toISOString() });
 * await store.createApiKey(record);
 * console.log(`key ${record.id}: ${secret}`);
 * ```
 */
export function newApiKey(input: { tenant: string; role: ApiKeyRole; ids: IdGenerator; at: string }): {
  secret: string;
  record: ApiKeyRecord;
} {
  const secret = `${apiKeyPrefix}${randomBytes(32).toString("base64url")}`;
  return {
    secret,
    record: {
      id: input.ids.next("key"),
      tenant: input.tenant,
      role: input.role,
      keyHash: hashApiKey(secret),
      createdAt: input.at,
      revokedAt: null,
    },
  };
}
