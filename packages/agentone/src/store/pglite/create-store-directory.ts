import { rename, rm } from "node:fs/promises";
import { basename, dirname } from "node:path";
import { copyDirectory } from "./copy-directory.js";
import { ensureStoreTemplate, partialName, removeAbandonedPartials } from "./store-template.js";

/** Where migrated empty stores are kept for copying, and which one fits this AgentOne. */
export interface StoreTemplateSource {
  templatesDirectory: string;
  key: () => Promise<string>;
}

/**
 * Creates the embedded store's data directory `directory`, which must not exist, all at once: it is built
 * under a `.partial-` name beside it and renamed into place when complete, so a process killed meanwhile
 * leaves no half store behind (the next creator removes the remains). With a template source the store is
 * a copy of the migrated empty store kept there (made once, by `initialize`); without, `initialize` builds
 * it in place (initdb, then every migration: seconds of CPU).
 *
 * The caller holds the home's lock: no other process creates this directory at the same time.
 *
 * @example
 * ```ts
 * await createStoreDirectory({ directory: ".agentone/store", initialize: createMigratedStore });
 * ```
 */
export async function createStoreDirectory(input: {
  directory: string;
  initialize: (dataDirectory: string) => Promise<void>;
  template?: StoreTemplateSource;
}): Promise<void> {
  const { directory, initialize, template } = input;
  await removeAbandonedPartials(dirname(directory), { of: basename(directory) });
  const partial = partialName(directory);
  try {
    const source = template ? await templateIfWritable(template, initialize) : null;
    if (source) await copyDirectory(source, partial);
    else await initialize(partial);
    await rename(partial, directory);
  } catch (error) {
    await rm(partial, { recursive: true, force: true });
    throw error;
  }
}

// The template folder cannot be written (read-only, no permission, full): a store is still made, in place.
const unusableFolderCodes = new Set(["EACCES", "EPERM", "EROFS", "ENOSPC", "ENOTDIR", "EEXIST"]);

async function templateIfWritable(
  template: StoreTemplateSource,
  initialize: (dataDirectory: string) => Promise<void>,
): Promise<string | null> {
  try {
    return await ensureStoreTemplate({
      templatesDirectory: template.templatesDirectory,
      key: await template.key(),
      initialize,
    });
  } catch (error) {
    if (unusableFolderCodes.has(String((error as NodeJS.ErrnoException).code))) return null;
    throw error;
  }
}
