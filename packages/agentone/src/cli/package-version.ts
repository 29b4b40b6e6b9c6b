import { readFileSync } from "node:fs";

/**
 * The version in AgentOne's package.json, read where the package is installed (`src/cli/` and `dist/cli/`
 * both sit two levels below it), so `agentone --version` cannot drift from the published version.
 */
export function packageVersion(): string {
  const manifest = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as {
    version?: unknown;
  };
  return typeof manifest.version === "string" ? manifest.version : "unknown";
}
