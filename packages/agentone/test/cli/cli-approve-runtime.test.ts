import { existsSync } from "node:fs";
import { mkdtemp, realpath, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { CliIo } from "../../src/cli/cli-io.js";
import { type CliRuntime, openCliRuntime } from "../../src/cli/cli-runtime.js";
import { toolDefinitions } from "../../src/engine/tool-call/execute-tools.js";
import { ToolResultCache } from "../../src/engine/tool-call/tool-cache/tool-result-cache.js";
import { seedMigratedStore } from "../support/migrated-home.js";
import { processIsGone, testServerPath, toolContext } from "../tools/mcp/mcp-test-support.js";

let directory: string;
let runtime: CliRuntime | undefined;

beforeEach(async () => {
  directory = await realpath(await mkdtemp(join(tmpdir(), "agentone-cli-runtime-")));
  runtime = undefined;
});

afterEach(async () => {
  await runtime?.close();
  await rm(directory, { recursive: true, force: true });
});

function io(env: Record<string, string> = {}): CliIo {
  return {
    stdout: { write: () => true },
    stderr: { write: () => true },
    env: { AGENTONE_HOME: join(directory, "home"), PATH: process.env.PATH ?? "", ...env },
    cwd: directory,
  };
}

async function open(
  config: string[],
  options: { env?: Record<string, string>; mountMcp?: boolean; emptyHome?: boolean } = {},
) {
  await writeFile(join(directory, "agentone.yaml"), config.join("\n"));
  if (!options.emptyHome) await seedMigratedStore(join(directory, "home"));
  runtime = await openCliRuntime(io(options.env), { clock: "virtual", mountMcp: options.mountMcp ?? false });
  return runtime;
}

// Each test opens the embedded store at least once, which is slow on a busy machine.
describe("the CLI runtime's tools, approvals and caches", { timeout: 120_000 }, () => {
  it("offers the default tools; http_request only once hosts are allowed", async () => {
    const plain = await open([]);
    expect(plain.tools.map((tool) => tool.name)).toEqual([
      "list_files",
      "read_file",
      "search",
      "write_file",
      "apply_patch",
      "git_status",
      "git_diff",
      "git_log",
      "git_commit",
      "run_command",
      "read_document",
      "summarize_document",
    ]);
    expect(plain.approvals.rules).toEqual([]);
    expect(plain.toolCache).toBeInstanceOf(ToolResultCache);
    await plain.close();
    const withHttp = await open(["tools:", "  http:", "    allowedHosts: [api.example.com]"]);
    const http = withHttp.tools.find((tool) => tool.name === "http_request");
    expect(http?.traits?.({ method: "GET", url: "https://api.example.com/" })).toMatchObject({
      requiresApproval: false,
    });
    expect(http?.traits?.({ method: "POST", url: "https://api.example.com/" })).toMatchObject({
      requiresApproval: true,
    });
  });

  it("compiles tools.shell, tools.http and tools.approvals into approval rules, in order", async () => {
    const opened = await open([
      "tools:",
      "  shell:",
      "    allowlist: [[npm, test], [node, --test]]",
      "    autoApprove: [[npm, test]]",
      "  http:",
      "    allowedHosts: [api.example.com]",
      "    autoApprove: { methods: [POST] }",
      "  approvals:",
      "    timeoutMs: 3600000",
      "    rules:",
      "      - { tool: run_command, when: { argumentsMatch: '--watch' }, decision: deny, reason: never watch }",
    ]);
    expect(opened.approvals.rules.map((rule) => [rule.source, rule.decision])).toEqual([
      ["tools.approvals.rules[0]", "deny"],
      ["tools.shell.autoApprove[0]", "approve"],
      ["tools.http.autoApprove", "approve"],
    ]);
    expect(opened.approvals.timeoutMs).toBe(3_600_000);
    expect(opened.tools.find((tool) => tool.name === "run_command")?.description).toContain(
      'It must start with one of: "npm test", "node --test".',
    );
  });

  it("AGENTONE_CACHE=off leaves the tool cache out", async () => {
    const opened = await open([], { env: { AGENTONE_CACHE: "off" } });
    expect(opened.toolCache).toBeNull();
  });

  it.each([
    [["tools:", "  shelll: {}"], /tools/, ""],
    [
      ["tools:", "  shell:", "    allowlist: [[/bin/sh]]"],
      /tools\.shell\.allowlist\[0\]/,
      "tools.shell.allowlist[0]",
    ],
    [["tools:", "  shell:", "    autoApprove: [[]]"], /tools\.shell\.autoApprove\[0\] names no program/, ""],
    [
      ["tools:", "  http:", "    autoApprove: { methods: [POST] }"],
      /tools\.http\.autoApprove needs tools\.http\.allowedHosts/,
      "tools.http.autoApprove",
    ],
    [
      ["tools:", "  approvals:", "    rules: [{ tool: x, when: { argumentsMatch: '(' }, decision: deny }]"],
      /tools\.approvals\.rules\[0\]\.when\.argumentsMatch is not a valid regular expression/,
      "tools.approvals.rules[0].when.argumentsMatch",
    ],
    [
      ["tools:", "  http:", "    allowedHosts: [a.example]", "    autoApprove: {}"],
      /tools\.http\.autoApprove names neither methods nor hosts/,
      "tools.http.autoApprove",
    ],
    [["mcp:", "  - { name: Bad Name, transport: stdio, command: x }"], /mcp\[0\]\.name/, "mcp[0].name"],
  ])(
    "refuses bad configuration %#, naming the key, before the store exists",
    async (config, message, key) => {
      await expect(open(config, { emptyHome: true })).rejects.toMatchObject({
        code: "CONFIG_ERROR",
        message: expect.stringMatching(message),
        ...(key ? { details: { key } } : {}),
      });
      expect(existsSync(join(directory, "home"))).toBe(false);
    },
  );

  it("mounts MCP servers only when asked, shows their own JSON Schema, and close() stops them", async () => {
    const config = [
      "mcp:",
      "  - name: fixture",
      "    transport: stdio",
      `    command: ${JSON.stringify(process.execPath)}`,
      `    args: [${JSON.stringify(testServerPath)}]`,
      "    env: [NOTES_FILE]",
    ];
    const env = { NOTES_FILE: join(directory, "notes.txt") };
    const without = await open(config, { env });
    expect(without.tools.some((tool) => tool.name.startsWith("fixture__"))).toBe(false);
    await without.close();
    const mounted = await open(config, { env, mountMcp: true });
    const echo = mounted.tools.find((tool) => tool.name === "fixture__echo");
    if (!echo) throw new Error("fixture__echo was not mounted");
    expect(echo.inputJsonSchema).toBeDefined();
    expect(toolDefinitions([echo])[0]?.inputSchema).toBe(echo.inputJsonSchema);
    const describe = mounted.tools.find((tool) => tool.name === "fixture__describe_request");
    const output = await describe?.execute({}, toolContext({ workspaceRoot: directory }));
    const pid = (JSON.parse(output?.content ?? "{}") as { pid: number }).pid;
    expect(processIsGone(pid)).toBe(false);
    await mounted.close();
    runtime = undefined;
    for (let attempt = 0; attempt < 200 && !processIsGone(pid); attempt++)
      await new Promise((resolve) => setTimeout(resolve, 10));
    expect(processIsGone(pid)).toBe(true);
  });
});
