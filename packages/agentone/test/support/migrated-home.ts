import { existsSync } from "node:fs";
import { cp } from "node:fs/promises";
import { join } from "node:path";
import { inject } from "vitest";

declare module "vitest" {
  export interface ProvidedContext {
    /** A home whose embedded store global-setup created and migrated once for the whole test run. */
    migratedHome: string;
  }
}

/**
 * Gives `home` a copy of the store global-setup migrated once. Creating an embedded store from nothing
 * (initdb, then every migration) takes PGlite seconds of CPU, and most CLI tests only need an empty,
 * current store; copying one takes a fraction of a second. Tests of a home with no store yet skip this.
 * A home that already has a store keeps it.
 */
export async function seedMigratedStore(home: string): Promise<void> {
  if (existsSync(join(home, "store"))) return;
  await cp(join(inject("migratedHome"), "store"), join(home, "store"), { recursive: true });
}
