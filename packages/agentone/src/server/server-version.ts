import { readFileSync } from "node:fs";

/** AgentOne's version from its package.json (`src/server/` and `dist/server/` both sit two levels below it). */
export function packageVersionOf(): string {
  const manifest = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as {
    version?: unknown;
  };
  return typeof manifest.version === "string" ? manifest.version : "unknown";
}
