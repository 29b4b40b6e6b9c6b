import { UsageError } from "../core/errors/index.js";

/** What an API key may do: `admin` across tenants, `member` inside its own tenant. */
export const apiKeyRoles = ["admin", "member"] as const;
export type ApiKeyRole = (typeof apiKeyRoles)[number];

/** A tenant: whose runs, keys and cache entries these are. */
export interface TenantRecord {
  name: string;
  createdAt: string;
}

/** An API key as stored: never the secret, only its sha256. */
export interface ApiKeyRecord {
  id: string;
  tenant: string;
  role: ApiKeyRole;
  /** Hex sha256 of the whole secret key. */
  keyHash: string;
  createdAt: string;
  revokedAt: string | null;
}

/** The run an idempotency key made, and a hash of the request that made it. */
export interface IdempotencyRecord {
  tenant: string;
  key: string;
  runId: string;
  requestHash: string;
  createdAt: string;
}

/** A tenant's kill switch that is on (`POST /v1/kill` by a member): since when. Off: no record. */
export interface TenantKillSwitchRecord {
  tenant: string;
  engagedAt: string;
}

/** How runs are listed: newest first, optionally one tenant's and one status, after a cursor. */
export interface RunListQuery {
  limit?: number;
  tenant?: string;
  status?: string;
  /** List runs older than this one (created earlier, or at the same time with a smaller id). */
  before?: { createdAt: string; id: string };
}

/** Tenant names: lower-case letters, digits and dashes, as they appear in URLs, logs and metrics labels. */
const tenantNamePattern = /^[a-z0-9][a-z0-9-]{0,62}$/;

/** Refuses (UsageError) a tenant name that is not lower-case letters, digits and dashes, 1 to 63 long. */
export function checkTenantName(name: string): string {
  if (!tenantNamePattern.test(name))
    throw new UsageError(
      `tenant name '${name}' is not allowed: use lower-case letters, digits and dashes (at most 63, starting with a letter or digit)`,
    );
  return name;
}
