import { execFileSync } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import type { TestProject } from "vitest/node";
import { openStore } from "../src/store/open-store.js";
import "./support/migrated-home.js";

/**
 * Builds every package's dist/ once, so the tests that start the real `agentone` binary run today's code,
 * and creates one migrated embedded store that CLI tests copy into their homes (see support/migrated-home.ts).
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const migratedHome = await mkdtemp(join(tmpdir(), "agentone-migrated-home-"));
  const store = await openStore({ home: migratedHome });
  await store.close();
  project.provide("migratedHome", migratedHome);
  // For a quick partial run of tests that do not start the binary (set AGENTONE_SKIP_BUILD=1).
  if (process.env.AGENTONE_SKIP_BUILD !== "1") {
    const root = resolve(import.meta.dirname, "../../..");
    // In dependency order: the binary loads @agentone/simulated (and @agentone/bench) from their dist/.
    for (const name of ["agentone", "simulated", "bench"])
      execFileSync(
        process.execPath,
        [resolve(root, "node_modules/typescript/bin/tsc"), "-p", `packages/${name}/tsconfig.build.json`],
        { cwd: root, stdio: "inherit" },
      );
  }
  return () => rm(migratedHome, { recursive: true, force: true });
}
