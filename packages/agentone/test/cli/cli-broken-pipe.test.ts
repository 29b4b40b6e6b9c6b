import { spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { packageRoot, repositoryRoot } from "../support/cli-harness.js";
import { seedMigratedStore } from "../support/migrated-home.js";

const binary = join(packageRoot, "dist/cli/main.js");
let home: string;
beforeAll(async () => {
  home = await mkdtemp(join(tmpdir(), "agentone-pipe-"));
  await seedMigratedStore(home);
});
afterAll(() => rm(home, { recursive: true, force: true }));

describe("output into a closed pipe", () => {
  it("ends the command quietly, as `agentone models | head -1` expects", async () => {
    // The shell pipeline is the real case: head exits after one line and the next write meets EPIPE.
    const child = spawn("sh", ["-c", `"${process.execPath}" "${binary}" models | head -1`], {
      cwd: repositoryRoot,
      env: { ...process.env, AGENTONE_HOME: home },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => child.on("exit", resolve));
    expect(stdout.split("\n").filter(Boolean)).toHaveLength(1);
    expect(stderr).toBe("");
    expect(code).toBe(0);
  }, 60_000);
});
