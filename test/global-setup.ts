import { execFileSync } from "node:child_process";
import { resolve } from "node:path";

/** Builds dist/ once, so the tests that start the real `agentone` binary run today's code. */
export default function setup(): void {
  // For a quick partial run of tests that do not start the binary (set AGENTONE_SKIP_BUILD=1).
  if (process.env.AGENTONE_SKIP_BUILD === "1") return;
  const root = resolve(import.meta.dirname, "..");
  execFileSync(
    process.execPath,
    [resolve(root, "node_modules/typescript/bin/tsc"), "-p", "tsconfig.build.json"],
    { cwd: root, stdio: "inherit" },
  );
}
