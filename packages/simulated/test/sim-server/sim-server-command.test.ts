import { runCli } from "agentone/internal";
import { describe, expect, it } from "vitest";
import { repositoryRoot } from "../../../agentone/test/support/cli-harness.js";
import { readJson } from "./sim-server-harness.js";

/** Runs `agentone ARGV` in-process; `output` resolves once stdout matches `pattern`. */
function start(argv: string[], pattern: RegExp) {
  let stdout = "";
  let stderr = "";
  let announce: (match: RegExpExecArray) => void = () => {};
  const output = new Promise<RegExpExecArray>((resolve) => {
    announce = resolve;
  });
  const exit = runCli(argv, {
    stdout: {
      write: (text: string) => {
        stdout += text;
        const match = pattern.exec(stdout);
        if (match) announce(match);
      },
    },
    stderr: { write: (text: string) => (stderr += text) },
    env: {},
    cwd: repositoryRoot,
  });
  return { exit, output, stdout: () => stdout, stderr: () => stderr };
}

describe("agentone sim-server", () => {
  it("prints where it listens and its models, serves, and closes cleanly on SIGTERM", async () => {
    const server = start(
      ["sim-server", "--port", "0", "--time-scale", "0", "--seed", "3", "--faults", "cut:0.1"],
      /listening on (http:\/\/127\.0\.0\.1:\d+) /,
    );
    const [, url] = await server.output;
    expect(server.stdout()).toMatch(
      /^sim-server listening on http:\/\/127\.0\.0\.1:\d+ \(OpenAI \/v1, Ollama \/api, Anthropic \/v1\/messages\); simulated models: sim-premium, sim-standard, sim-cheap, sim-local\n/,
    );
    expect(server.stdout()).toContain("seed 3, time scale 0, faults: cut:0.1");
    const models = await readJson(await fetch(`${url}/v1/models`));
    expect(models.data).toHaveLength(4);
    process.emit("SIGTERM", "SIGTERM");
    expect(await server.exit).toBe(0);
    expect(server.stdout()).toContain("sim-server stopped (SIGTERM).");
    await expect(fetch(`${url}/v1/models`)).rejects.toThrow();
    expect(process.listenerCount("SIGTERM")).toBe(0);
    expect(process.listenerCount("SIGINT")).toBe(0);
  });

  it("exits with code 2 on a bad --faults entry, naming it", async () => {
    const run = start(["sim-server", "--port", "0", "--faults", "429:0.1,boom:0.2"], /$^/);
    expect(await run.exit).toBe(2);
    expect(run.stderr()).toContain('--faults: bad entry "boom:0.2": unknown fault "boom"');
  });

  it("exits with code 2 when the port is taken", async () => {
    const first = start(
      ["sim-server", "--port", "0", "--time-scale", "0"],
      /listening on http:\/\/[^:]+:(\d+) /,
    );
    const [, port = ""] = await first.output;
    const second = start(["sim-server", "--port", port], /$^/);
    expect(await second.exit).toBe(2);
    expect(second.stderr()).toContain(`sim-server cannot listen on 127.0.0.1:${port}`);
    expect(process.listenerCount("SIGINT")).toBe(1);
    process.emit("SIGINT", "SIGINT");
    expect(await first.exit).toBe(0);
  });

  it("exits with code 2 on a bad --time-scale", async () => {
    const run = start(["sim-server", "--time-scale", "fast"], /$^/);
    expect(await run.exit).toBe(2);
    expect(run.stderr()).toContain("--time-scale");
  });
});
