import { existsSync } from "node:fs";
import { mkdir, mkdtemp, readFile, realpath, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { RealClock } from "../../core/clock/index.js";
import { createRunCommandTool, type RunCommandOptions } from "./run-command.js";

let base: string;
let root: string;

const environment = {
  PATH: `${path.dirname(process.execPath)}${path.delimiter}${process.env.PATH ?? ""}`,
  HOME: "/nonexistent-home",
  NODE_ENV: "test",
  OPENAI_API_KEY: "sk-openai",
  ANTHROPIC_API_KEY: "sk-anthropic",
  GITHUB_TOKEN: "ghp-token",
  NODE_AUTH_TOKEN: "npm-token",
  DATABASE_URL: "postgres://user:password@localhost/db",
  AWS_SECRET_ACCESS_KEY: "aws-secret",
  EDITOR: "vim",
};

beforeEach(async () => {
  base = await realpath(await mkdtemp(path.join(tmpdir(), "agentone-run-command-")));
  root = path.join(base, "workspace");
  await mkdir(path.join(root, "src"), { recursive: true });
  await mkdir(path.join(base, "outside"));
  await writeFile(path.join(root, "src", "a.txt"), "inside\n");
  await writeFile(path.join(base, "outside", "secret.txt"), "secret\n");
  await symlink(path.join(base, "outside"), path.join(root, "outside-link"));
});

afterEach(async () => {
  await rm(base, { recursive: true, force: true });
});

function createTool(options: RunCommandOptions = {}) {
  return createRunCommandTool({ allowlist: [["node", "-e"], ["cat"]], environment, ...options });
}

function run(
  raw: Record<string, unknown>,
  options: { tool?: ReturnType<typeof createTool>; signal?: AbortSignal } = {},
) {
  const tool = options.tool ?? createTool();
  return tool.execute(tool.inputSchema.parse(raw), {
    workspaceRoot: root,
    signal: options.signal ?? new AbortController().signal,
    clock: new RealClock(),
    idempotencyKey: "test-call",
  });
}

/** What the command printed: the content after the command line and the status line. */
function printed(content: string): string {
  return content.split("\n").slice(2).join("\n");
}

describe("run_command: running", () => {
  it("reports the exit code and output of a successful command", async () => {
    const output = await run({ command: ["node", "-e", "console.log('hello')"] });
    expect(output.content).toBe(`$ node -e "console.log('hello')"\nExit code: 0. Output:\nhello\n`);
    expect(output.metadata).toMatchObject({ exitCode: 0, signal: null, timedOut: false, truncated: false });
    expect(output.metadata?.durationMs).toEqual(expect.any(Number));
  });

  it("returns a non-zero exit as a result, with stdout and stderr", async () => {
    const script = "console.log('1 test passed'); console.error('1 test failed'); process.exitCode = 3";
    const output = await run({ command: ["node", "-e", script] });
    expect(output.content).toContain("Exit code: 3. Output:");
    expect(output.content).toContain("1 test passed\n");
    expect(output.content).toContain("1 test failed\n");
    expect(output.metadata).toMatchObject({ exitCode: 3, timedOut: false });
  });

  it("keeps the order of what one stream writes", async () => {
    const script = "for (let i = 0; i < 500; i++) console.log('line ' + i)";
    const output = await run({ command: ["node", "-e", script] });
    const expected = Array.from({ length: 500 }, (_, index) => `line ${index}\n`).join("");
    expect(printed(output.content)).toBe(expected);
  });

  it("reports a process ended by a signal", async () => {
    const output = await run({ command: ["node", "-e", "process.kill(process.pid, 'SIGTERM')"] });
    expect(output.content).toContain("Ended by signal SIGTERM.");
    expect(output.metadata).toMatchObject({ exitCode: null, signal: "SIGTERM", timedOut: false });
  });

  it("says so when there is no output", async () => {
    expect((await run({ command: ["node", "-e", ""] })).content).toBe(
      '$ node -e ""\nExit code: 0. Output:\n(no output)',
    );
  });

  it("caps long output, keeping its head and tail", async () => {
    const script = "process.stdout.write('A'.repeat(50) + 'B'.repeat(5000) + 'C'.repeat(50))";
    const output = await run(
      { command: ["node", "-e", script] },
      { tool: createTool({ maxOutputCharacters: 100 }) },
    );
    expect(printed(output.content)).toBe(
      `${"A".repeat(50)}\n[... 5000 characters cut ...]\n${"C".repeat(50)}`,
    );
    expect(output.metadata).toMatchObject({ truncated: true });
  });

  it("runs in the given cwd inside the workspace", async () => {
    const output = await run({ command: ["node", "-e", "process.stdout.write(process.cwd())"], cwd: "src" });
    expect(printed(output.content)).toBe(path.join(root, "src"));
    expect(output.content.split("\n")[0]).toContain("(in src)");
    expect((await run({ command: ["cat", "a.txt"], cwd: "./src/" })).content).toContain("inside");
  });

  it("closes stdin, so a command waiting for input ends", async () => {
    const script =
      "let n = 0; process.stdin.on('data', (d) => n += d.length); process.stdin.on('end', () => console.log('eof', n))";
    expect(printed((await run({ command: ["node", "-e", script] })).content)).toBe("eof 0\n");
  });

  it("scrubs secrets from the environment and sets CI and NO_COLOR", async () => {
    const output = await run({
      command: ["node", "-e", "process.stdout.write(JSON.stringify(process.env))"],
    });
    const seen = JSON.parse(printed(output.content)) as Record<string, string>;
    expect(seen).toEqual({
      PATH: environment.PATH,
      HOME: environment.HOME,
      NODE_ENV: "test",
      CI: "true",
      NO_COLOR: "1",
    });
  });

  it("passes configured extra variables, but never secrets", async () => {
    const tool = createTool({ keepVariables: ["EDITOR", "OPENAI_API_KEY"] });
    const output = await run(
      { command: ["node", "-e", "process.stdout.write(JSON.stringify(process.env))"] },
      { tool },
    );
    const seen = JSON.parse(printed(output.content)) as Record<string, string>;
    expect(seen.EDITOR).toBe("vim");
    expect(seen.OPENAI_API_KEY).toBeUndefined();
  });

  it("reports a program missing from PATH as a failure", async () => {
    const tool = createTool({ allowlist: [["agentone-no-such-program"]] });
    await expect(run({ command: ["agentone-no-such-program"] }, { tool })).rejects.toMatchObject({
      reason: "failed",
      message: expect.stringContaining("was not found on PATH"),
    });
  });
});

describe("run_command: refusals (nothing runs)", () => {
  const writeMarker = "require('fs').writeFileSync('ran.txt', 'x')";

  async function refused(raw: Record<string, unknown>, reason: string): Promise<Error> {
    const error = await run(raw).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ reason });
    expect(existsSync(path.join(root, "ran.txt"))).toBe(false);
    return error as Error;
  }

  it("refuses a program that is not allowlisted", async () => {
    const error = await refused({ command: ["rm", "-rf", "src"] }, "command_not_allowed");
    expect(error.message).toContain('"node -e", "cat"');
    expect(await readFile(path.join(root, "src", "a.txt"), "utf8")).toBe("inside\n");
  });

  it("refuses an allowlisted program with arguments outside its prefix", async () => {
    await refused({ command: ["node", "--eval", writeMarker] }, "command_not_allowed");
  });

  it("refuses Node options after the allowlisted prefix that run code no workspace file holds", async () => {
    const tool = createTool({ allowlist: [["node", "--test"]] });
    const inline = `--import=data:text/javascript,${encodeURIComponent(writeMarker.replace("require('fs')", "(await import('node:fs'))"))}`;
    await writeFile(path.join(root, "a.test.js"), "");
    const error = await run({ command: ["node", "--test", inline, "a.test.js"] }, { tool }).catch(
      (caught: unknown) => caught,
    );
    expect(error).toMatchObject({ reason: "command_not_allowed" });
    expect(existsSync(path.join(root, "ran.txt"))).toBe(false);
  });

  it.each([
    ["&&", ["node", "-e", writeMarker, "&&", "cat", "src/a.txt"]],
    ["|", ["node", "-e", writeMarker, "|", "cat"]],
    ["a redirection", ["node", "-e", writeMarker, ">", "out.txt"]],
    ["a whole command line", [`node -e ${writeMarker}`]],
    ["a program path", [process.execPath, "-e", writeMarker]],
  ])("refuses shell syntax: %s", async (_label, command) => {
    const error = await refused({ command }, "command_not_allowed");
    expect(error.message).toContain("No shell is used");
  });

  it.each([
    ["'..'", ["cat", "../outside/secret.txt"]],
    ["an absolute path", ["cat", path.join(tmpdir(), "elsewhere.txt")]],
    ["a symlink out", ["cat", "outside-link/secret.txt"]],
  ])("refuses arguments leading outside the workspace: %s", async (_label, command) => {
    await refused({ command }, "path_outside_workspace");
  });

  it.each([
    ["'..'", "..", "path_outside_workspace"],
    ["an absolute path", tmpdir(), "path_outside_workspace"],
    ["a symlink out", "outside-link", "path_outside_workspace"],
    ["a missing directory", "nowhere", "not_found"],
    ["a file", "src/a.txt", "not_a_directory"],
  ])("refuses a cwd that is %s", async (_label, cwd, reason) => {
    await refused({ command: ["node", "-e", writeMarker], cwd }, reason);
  });

  it("refuses to start when the call is already aborted", async () => {
    const controller = new AbortController();
    controller.abort(new Error("run killed"));
    await expect(
      run({ command: ["node", "-e", writeMarker] }, { signal: controller.signal }),
    ).rejects.toThrow("run killed");
    expect(existsSync(path.join(root, "ran.txt"))).toBe(false);
  });
});
