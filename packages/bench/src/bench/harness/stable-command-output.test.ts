import type { AnyTool } from "agentone";
import { VirtualClock } from "agentone";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { stabilizeCommandOutput, withStableCommandOutput } from "./stable-command-output.js";

const workspaceRoot = "/tmp/agentone-bench/0/fix-failing-test.agentone.1.1";

describe("stabilizeCommandOutput", () => {
  it("zeroes TAP durations, per test and in the summary", () => {
    const tap = [
      "ok 1 - adds",
      "  ---",
      "  duration_ms: 5.732892",
      "  ...",
      "# pass 1",
      "# duration_ms 123.4567",
    ].join("\n");
    expect(stabilizeCommandOutput(tap, { workspaceRoot })).toBe(
      ["ok 1 - adds", "  ---", "  duration_ms: 0", "  ...", "# pass 1", "# duration_ms 0"].join("\n"),
    );
  });

  it("zeroes the spec reporter's durations and leaves other numbers alone", () => {
    expect(
      stabilizeCommandOutput("✔ adds (5.73ms)\n✖ subtracts (12ms)\nexpected 3, got 4", { workspaceRoot }),
    ).toBe("✔ adds (0ms)\n✖ subtracts (0ms)\nexpected 3, got 4");
  });

  it("names files relative to the workspace, as the other tools do", () => {
    const failure = [
      `  location: '${workspaceRoot}/test/dates.test.js:10:1'`,
      `    at TestContext.<anonymous> (file://${workspaceRoot}/test/dates.test.js:12:10)`,
      `npm ERR! path ${workspaceRoot}`,
    ].join("\n");
    expect(stabilizeCommandOutput(failure, { workspaceRoot: `${workspaceRoot}/` })).toBe(
      [
        "  location: 'test/dates.test.js:10:1'",
        "    at TestContext.<anonymous> (test/dates.test.js:12:10)",
        "npm ERR! path .",
      ].join("\n"),
    );
  });
});

describe("withStableCommandOutput", () => {
  it("changes only the content, keeping metadata and everything else", async () => {
    const tool: AnyTool = {
      name: "run_command",
      description: "runs",
      inputSchema: z.object({}),
      idempotent: false,
      sideEffect: "workspace",
      requiresApproval: true,
      execute: async () => ({
        content: `  duration_ms: 9.5\nok ${workspaceRoot}/a.js`,
        metadata: { durationMs: 9 },
      }),
    };
    const wrapped = withStableCommandOutput(tool);
    expect(wrapped).toMatchObject({ name: "run_command", requiresApproval: true, sideEffect: "workspace" });
    const output = await wrapped.execute(
      {},
      { workspaceRoot, signal: new AbortController().signal, clock: new VirtualClock(), idempotencyKey: "k" },
    );
    expect(output).toEqual({ content: "  duration_ms: 0\nok a.js", metadata: { durationMs: 9 } });
  });
});

describe("stabilizeCommandOutput, paths", () => {
  it("leaves a sibling folder whose name starts with the workspace's alone", () => {
    expect(stabilizeCommandOutput("/tmp/w2/a.js and /tmp/w", { workspaceRoot: "/tmp/w" })).toBe(
      "/tmp/w2/a.js and .",
    );
  });

  it("treats characters of the root as text, not a pattern", () => {
    expect(stabilizeCommandOutput("/tmp/a+b/x.js /tmp/aab/x.js", { workspaceRoot: "/tmp/a+b" })).toBe(
      "x.js /tmp/aab/x.js",
    );
  });
});
