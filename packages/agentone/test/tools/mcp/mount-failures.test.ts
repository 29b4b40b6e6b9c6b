import { readFileSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { createServer } from "node:net";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { mountMcpServers } from "../../../src/tools/mcp/index.js";
import { processIsGone, stdioServer, tempDirectory } from "./mcp-test-support.js";

let directory: string;
let cleanup: () => Promise<void>;

beforeEach(async () => {
  ({ directory, cleanup } = await tempDirectory());
});

afterEach(async () => {
  await cleanup();
});

function mount(servers: unknown[], environment: Record<string, string | undefined> = {}) {
  return mountMcpServers(servers as Parameters<typeof mountMcpServers>[0], {
    environment: { PATH: process.env.PATH, NOTES_FILE: path.join(directory, "notes.txt"), ...environment },
  });
}

/** A loopback port that was free a moment ago and has nothing listening on it now. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

function failure(
  promise: Promise<unknown>,
): Promise<{ message: string; code: string; details: { key?: string } }> {
  return promise.then(
    () => {
      throw new Error("expected the mount to fail");
    },
    (error: unknown) => error as { message: string; code: string; details: { key?: string } },
  );
}

describe("mountMcpServers refusals", () => {
  it("refuses invalid configuration before starting anything, naming the key", async () => {
    const typo = await failure(mount([stdioServer({ comand: "x" })]));
    expect(typo).toMatchObject({ code: "CONFIG_ERROR", details: { key: "mcp[0]" } });
    expect(typo.message).toBe('mcp[0] Unrecognized key: "comand"');
    const badUrl = await failure(mount([{ name: "web", transport: "http", url: "ftp://example.com" }]));
    expect(badUrl).toMatchObject({
      details: { key: "mcp[0].url" },
      message: "mcp[0].url must be an http or https URL",
    });
    const duplicate = await failure(mount([stdioServer(), stdioServer()]));
    expect(duplicate.details.key).toBe("mcp[1].name");
  });

  it("reports a command that does not exist as a ConfigError naming the server", async () => {
    const error = await failure(mount([stdioServer({ command: "agentone-no-such-mcp-server-command" })]));
    expect(error).toMatchObject({ code: "CONFIG_ERROR", details: { key: "mcp[0]" } });
    expect(error.message).toContain('MCP server "fixture" (mcp[0]) could not be started');
    expect(error.message).toContain("ENOENT");
    expect(error.message).toContain("on PATH");
  });

  it("includes the end of the server's error output when it exits at start", async () => {
    const error = await failure(
      mount([stdioServer({ env: ["NOTES_FILE", "FIXTURE_FAIL_AT_START"] })], { FIXTURE_FAIL_AT_START: "1" }),
    );
    expect(error.code).toBe("CONFIG_ERROR");
    expect(error.message).toContain("fixture: refusing to start as asked");
  });

  it("gives up on a server that never answers the handshake, and stops it", async () => {
    const pidFile = path.join(directory, "silent.pid");
    const silent = {
      name: "silent",
      transport: "stdio",
      command: process.execPath,
      args: [
        "-e",
        "require('fs').writeFileSync(process.argv[1], String(process.pid)); setInterval(() => {}, 1000)",
        pidFile,
      ],
      connectTimeoutMs: 300,
    };
    const error = await failure(mount([silent]));
    expect(error).toMatchObject({ code: "CONFIG_ERROR", details: { key: "mcp[0]" } });
    expect(error.message).toContain("timed out");
    expect(processIsGone(Number(readFileSync(pidFile, "utf8")))).toBe(true);
  });

  it("is all or nothing: one failing server shuts down the others", async () => {
    const pidFile = path.join(directory, "pids.txt");
    const error = await failure(
      mount(
        [
          stdioServer({ env: ["NOTES_FILE", "PID_FILE"] }),
          stdioServer({ name: "broken", command: "agentone-no-such-mcp-server-command" }),
        ],
        { PID_FILE: pidFile },
      ),
    );
    expect(error.details.key).toBe("mcp[1]");
    expect(error.message).toContain('MCP server "broken"');
    const pid = Number(readFileSync(pidFile, "utf8").trim());
    expect(processIsGone(pid)).toBe(true);
  });

  it("refuses an unreachable HTTP server", async () => {
    const port = await closedPort();
    const error = await failure(
      mount([{ name: "web", transport: "http", url: `http://127.0.0.1:${port}/mcp?token=abc` }]),
    );
    expect(error).toMatchObject({ code: "CONFIG_ERROR", details: { key: "mcp[0]" } });
    expect(error.message).toContain(
      `MCP server "web" (mcp[0]) could not be reached at http://127.0.0.1:${port}/mcp`,
    );
    expect(error.message).not.toContain("token=abc");
  });

  it("refuses a header variable the environment lacks", async () => {
    const error = await failure(
      mount([
        { name: "web", transport: "http", url: "http://127.0.0.1:9/mcp", bearerTokenEnv: "FIXTURE_TOKEN" },
      ]),
    );
    expect(error).toMatchObject({ code: "CONFIG_ERROR", details: { key: "mcp[0].bearerTokenEnv" } });
  });
});
