import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { exitCodes } from "../../src/cli/cli-io.js";
import { killOnInterrupt } from "../../src/cli/interrupt.js";
import { MemoryKillSwitch } from "../../src/engine/kill-switch/kill-switch.js";
import { cliHarness, packageRoot, repositoryRoot } from "../support/cli-harness.js";

afterEach(() => {
  vi.restoreAllMocks();
});

describe("exit codes", () => {
  it("the README and the design name every exit code the CLI uses", async () => {
    const readme = await readFile(join(repositoryRoot, "README.md"), "utf8");
    const design = await readFile(join(repositoryRoot, "docs", "design.md"), "utf8");
    const readmeLine = readme.slice(readme.indexOf("Exit codes:"), readme.indexOf("Other commands:"));
    const designLine = design.slice(design.indexOf("Exit codes:"), design.indexOf("## 11."));
    // 130 comes from the process (Ctrl-C), not from a run's result: it must be documented all the same.
    for (const code of new Set([...Object.values(exitCodes), 130])) {
      expect(readmeLine).toContain(`\`${code}\``);
      expect(designLine).toMatch(new RegExp(`\\b${code}\\b`));
    }
  });

  it("a Ctrl-C before the run exists exits 130", () => {
    const exit = vi.spyOn(process, "exit").mockImplementation((() => undefined) as never);
    const stop = killOnInterrupt(
      { stdout: { write: () => true }, stderr: { write: () => true }, env: {}, cwd: repositoryRoot },
      { killSwitch: new MemoryKillSwitch(), runId: () => null },
    );
    try {
      process.emit("SIGINT");
      expect(exit).toHaveBeenCalledWith(130);
    } finally {
      stop();
    }
  });

  it("agentone --version prints the package's version", async () => {
    const manifest = JSON.parse(await readFile(join(packageRoot, "package.json"), "utf8")) as {
      version: string;
    };
    const cli = await cliHarness();
    try {
      expect(await cli.run("--version")).toEqual({ code: 0, stdout: `${manifest.version}\n`, stderr: "" });
      expect((await cli.run("-V")).stdout).toBe(`${manifest.version}\n`);
    } finally {
      await cli.cleanup();
    }
  });
});
