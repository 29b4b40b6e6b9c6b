/** What a cache entry holds: a model answer, a tool result, a plan, or an HTTP response. */
export const cacheNamespaces = ["model", "tool", "plan", "http"] as const;
export type CacheNamespace = (typeof cacheNamespaces)[number];

/** A stored cache entry. Entries are scoped by namespace and tenant; keys are unique within a scope. */
export interface CacheEntry {
  namespace: CacheNamespace;
  /** Whose entries these are (a user, project or API key), so one tenant never reads another's answers. */
  tenant: string;
  key: string;
  /** Any JSON value. */
  value: unknown;
  /** Provenance: the run and step that produced the value, when a run did. */
  sourceRunId: string | null;
  sourceStep: number | null;
  /** ISO-8601. */
  createdAt: string;
  /** ISO-8601; the entry is not served at or after this time. Null: it does not expire. */
  expiresAt: string | null;
  /** How many times the store served it. */
  hits: number;
}

/** Names one entry. */
export interface CacheEntryAddress {
  namespace: CacheNamespace;
  tenant: string;
  key: string;
}

/** A new or replacing entry; its hit count starts at zero. */
export type CacheEntryInput = Omit<CacheEntry, "hits">;

/** Which entries of one namespace and tenant to delete: the listed keys, or all of them. */
export type CacheEntrySelection =
  | { namespace: CacheNamespace; tenant: string; keys: readonly string[] }
  | { namespace: CacheNamespace; tenant: string; all: true };
