import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import type { AnyTool, ToolContext } from "agentone";
import { ToolError, VirtualClock } from "agentone";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { z } from "zod";
import { aliasServiceAddress, serviceAliasUrl, withServiceAddress } from "./service-alias.js";

const live = "http://127.0.0.1:41234";
const address = { alias: serviceAliasUrl, live };
let workspace: string;

beforeEach(async () => {
  workspace = await mkdtemp(path.join(tmpdir(), "agentone-alias-"));
});
afterEach(() => rm(workspace, { recursive: true, force: true }));

const context: ToolContext = {
  workspaceRoot: "/",
  signal: new AbortController().signal,
  clock: new VirtualClock(),
  idempotencyKey: "k",
};

function httpTool(execute: AnyTool["execute"]): AnyTool {
  return {
    name: "http_request",
    description: "Only these hosts can be reached: 127.0.0.1.",
    inputSchema: z.object({ method: z.string(), url: z.string() }),
    idempotent: false,
    sideEffect: "external",
    requiresApproval: true,
    execute,
  };
}

describe("aliasServiceAddress", () => {
  it("puts the alias in place of the live address in the goal and in every workspace file", async () => {
    await writeFile(path.join(workspace, "README.md"), `Base URL: ${live}\nAgain: ${live}/orders\n`);
    await mkdir(path.join(workspace, "docs"));
    await writeFile(path.join(workspace, "docs", "notes.txt"), "no address here\n");
    const goal = await aliasServiceAddress({ goal: `Use the API at ${live} now.`, workspace, address });
    expect(goal).toBe(`Use the API at ${serviceAliasUrl} now.`);
    expect(await readFile(path.join(workspace, "README.md"), "utf8")).toBe(
      `Base URL: ${serviceAliasUrl}\nAgain: ${serviceAliasUrl}/orders\n`,
    );
    expect(await readFile(path.join(workspace, "docs", "notes.txt"), "utf8")).toBe("no address here\n");
  });
});

describe("withServiceAddress", () => {
  it("calls the live address and shows the alias in the answer and the description", async () => {
    const seen: string[] = [];
    const tool = withServiceAddress(
      httpTool(async (input) => {
        seen.push((input as { url: string }).url);
        return { content: `GET ${live}/orders?page=2 -> 200`, metadata: { status: 200 } };
      }),
      address,
    );
    expect(tool.description).toBe("Only these hosts can be reached: service.bench.internal.");
    const output = await tool.execute({ method: "GET", url: `${serviceAliasUrl}/orders?page=2` }, context);
    expect(seen).toEqual([`${live}/orders?page=2`]);
    expect(output).toEqual({
      content: `GET ${serviceAliasUrl}/orders?page=2 -> 200`,
      metadata: { status: 200 },
    });
  });

  it("keeps a tool error's reason and shows the alias in its message", async () => {
    const tool = withServiceAddress(
      httpTool(async () => {
        throw new ToolError("failed", `The request to ${live}/refunds failed: ECONNRESET`);
      }),
      address,
    );
    const failure = await tool
      .execute({ method: "POST", url: `${serviceAliasUrl}/refunds` }, context)
      .catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(ToolError);
    expect((failure as ToolError).reason).toBe("failed");
    expect((failure as ToolError).message).toBe(
      `The request to ${serviceAliasUrl}/refunds failed: ECONNRESET`,
    );
  });

  it("passes other errors through untouched", async () => {
    const tool = withServiceAddress(
      httpTool(async () => {
        throw new TypeError("bad");
      }),
      address,
    );
    await expect(tool.execute({ method: "GET", url: serviceAliasUrl }, context)).rejects.toThrow(TypeError);
  });
});
