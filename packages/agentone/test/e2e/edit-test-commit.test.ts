import { execFile } from "node:child_process";
import { cp, mkdtemp, readFile, realpath, rm, writeFile } from "node:fs/promises";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ModelRequest } from "../../src/backends/model-backend.js";
import type { RunEvent } from "../../src/core/events/run-event.js";
import type { Message } from "../../src/core/messages.js";
import type { RunReport } from "../../src/report/run-report.js";
import { ScriptedBackend } from "../../src/testing/scripted-backend.js";
import { cliHarness, repositoryRoot } from "../support/cli-harness.js";

const run = promisify(execFile);

/** The OpenAI Chat Completions wire messages, back in AgentOne's form (what the scripted model reads). */
function fromWire(messages: Record<string, unknown>[]): Message[] {
  return messages.map((message): Message => {
    const content = typeof message.content === "string" ? message.content : "";
    switch (message.role) {
      case "system":
        return { role: "system", content };
      case "tool":
        return { role: "tool", toolCallId: String(message.tool_call_id), toolName: "", content };
      case "assistant": {
        const calls = (message.tool_calls ?? []) as {
          id: string;
          function: { name: string; arguments: string };
        }[];
        const toolCalls = calls.map((call) => ({
          id: call.id,
          name: call.function.name,
          arguments: call.function.arguments,
        }));
        return { role: "assistant", content, ...(toolCalls.length > 0 ? { toolCalls } : {}) };
      }
      default:
        return { role: "user", content };
    }
  });
}

/**
 * A loopback OpenAI-compatible server whose answers come from a ScriptedBackend, so the CLI (which builds
 * its backends from configuration) talks to a deterministic, scripted model, across several processes'
 * worth of commands.
 */
async function serveScriptedModel(backend: ScriptedBackend) {
  const server = createServer((request, response) => {
    void (async () => {
      const chunks: Buffer[] = [];
      for await (const chunk of request) chunks.push(chunk as Buffer);
      const body = JSON.parse(Buffer.concat(chunks).toString("utf8")) as {
        model: string;
        messages: Record<string, unknown>[];
        tools?: { function: { name: string; description: string; parameters: Record<string, unknown> } }[];
      };
      const modelRequest: ModelRequest = {
        model: body.model,
        messages: fromWire(body.messages),
        tools: (body.tools ?? []).map((tool) => ({
          name: tool.function.name,
          description: tool.function.description,
          inputSchema: tool.function.parameters,
        })),
        maxOutputTokens: 1000,
      };
      try {
        const answer = await backend.generate(modelRequest);
        response.writeHead(200, { "content-type": "application/json" });
        response.end(
          JSON.stringify({
            id: `chatcmpl-${backend.calls.length}`,
            object: "chat.completion",
            model: body.model,
            choices: [
              {
                index: 0,
                finish_reason: answer.toolCalls.length > 0 ? "tool_calls" : "stop",
                message: {
                  role: "assistant",
                  content: answer.text,
                  tool_calls: answer.toolCalls.map((call) => ({
                    id: call.id,
                    type: "function",
                    function: { name: call.name, arguments: call.arguments },
                  })),
                },
              },
            ],
            usage: { prompt_tokens: answer.usage.inputTokens, completion_tokens: answer.usage.outputTokens },
          }),
        );
      } catch (error) {
        response.writeHead(400, { "content-type": "application/json" });
        response.end(
          JSON.stringify({ error: { message: (error as Error).message, type: "invalid_request_error" } }),
        );
      }
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}/v1`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

const fixedFunction = [
  "--- a/src/pagination.js",
  "+++ b/src/pagination.js",
  "@@ -20,3 +20,3 @@",
  "   const last = pageCount(totalItems, pageSize);",
  "-  for (let page = 1; page < last; page++) {",
  "+  for (let page = 1; page <= last; page++) {",
  "     numbers.push(page);",
  "",
].join("\n");

const lastToolMessage = (request: ModelRequest) =>
  [...request.messages].reverse().find((message) => message.role === "tool")?.content ?? "";

// The model an experienced engineer would be: read, patch, test, commit, answer. Each turn checks what it
// was shown, so a wrong observation fails the script instead of being ignored.
const backend = new ScriptedBackend({
  steps: [
    { text: "1. Read src/pagination.js. 2. Fix the loop bound of pageNumbers. 3. Run the tests. 4. Commit." },
    { toolCalls: [{ name: "read_file", arguments: { path: "src/pagination.js" } }] },
    (request) => {
      expect(lastToolMessage(request)).toContain("21:   for (let page = 1; page < last; page++) {");
      return { toolCalls: [{ name: "apply_patch", arguments: { patch: fixedFunction } }] };
    },
    { toolCalls: [{ name: "run_command", arguments: { command: ["node", "--test"] } }] },
    (request) => {
      expect(lastToolMessage(request)).toMatch(/Exit code: 0\./);
      expect(lastToolMessage(request)).toMatch(/# pass 4/);
      return {
        toolCalls: [
          {
            name: "git_commit",
            arguments: { message: "Fix pageNumbers: include the last page" },
          },
        ],
      };
    },
    (request) => {
      expect(lastToolMessage(request)).toContain("Fix pageNumbers");
      return {
        text: "Fixed: the loop in pageNumbers stopped before the last page (`<` for `<=`). Tests pass; committed.",
      };
    },
  ],
});

let cli: Awaited<ReturnType<typeof cliHarness>>;
let model: Awaited<ReturnType<typeof serveScriptedModel>>;
let workspace: string;
let config: string;

const git = async (...args: string[]) =>
  (
    await run(
      "git",
      ["-c", "user.name=Test", "-c", "user.email=test@example.com", "-c", "commit.gpgsign=false", ...args],
      { cwd: workspace },
    )
  ).stdout;

beforeAll(async () => {
  cli = await cliHarness();
  model = await serveScriptedModel(backend);
  workspace = await realpath(await mkdtemp(join(tmpdir(), "agentone-fix-and-commit-")));
  await cp(join(repositoryRoot, "examples/fix-and-commit"), workspace, { recursive: true });
  await git("init", "-q");
  await git("add", "-A");
  await git("commit", "-qm", "Initial version");
  config = join(cli.directory, "agentone.yaml");
  await writeFile(
    config,
    [
      "discover: false",
      "backends:",
      "  - name: scripted",
      "    protocol: openai",
      `    baseUrl: ${model.baseUrl}`,
      "models:",
      "  - id: scripted/engineer",
      "    backend: scripted",
      "    remoteId: engineer",
      "    tier: standard",
      "    prices: { input: 2, output: 8 }",
    ].join("\n"),
  );
});

afterAll(async () => {
  await model?.close();
  await cli?.cleanup();
  await rm(workspace, { recursive: true, force: true });
});

const eventsOf = async (runId: string): Promise<RunEvent[]> =>
  (await cli.run("events", runId, "--json")).stdout
    .trim()
    .split("\n")
    .map((line) => JSON.parse(line) as RunEvent);

// Three CLI commands, each opening the embedded store, plus real node and git processes.
describe("edit, test, commit with approvals, through the CLI", { timeout: 120_000 }, () => {
  it("pauses for run_command, continues on approve, pauses for git_commit, and commits on approve", async () => {
    const started = await cli.run("run", "--workspace", workspace, "--config", config, "--json");
    const report = JSON.parse(started.stdout) as RunReport;
    expect(report.status).toBe("awaiting_approval");
    const runId = report.runId;
    const requests = (await eventsOf(runId)).filter((event) => event.type === "approval-request");
    expect(requests).toEqual([
      expect.objectContaining({
        step: 4,
        callId: "call_4_1",
        tool: "run_command",
        arguments: '{"command":["node","--test"]}',
      }),
    ]);
    // The fix is in the working tree; nothing ran and nothing was committed yet.
    expect(await readFile(join(workspace, "src/pagination.js"), "utf8")).toContain("page <= last;");
    expect((await git("log", "--oneline")).trim().split("\n")).toHaveLength(1);

    const tested = await cli.run("approve", runId, "--config", config);
    expect(tested.code).toBe(3);
    expect(tested.stdout).toMatch(/call_5_1 {2}git_commit/);
    expect(tested.stdout).toContain(`agentone approve ${runId}`);

    const committed = await cli.run(
      "approve",
      runId,
      "--all",
      "--config",
      config,
      "--reason",
      "reviewed the diff",
    );
    expect(committed.code).toBe(0);
    expect(committed.stdout).toContain(`Run ${runId}: completed (complete), answered`);
    backend.assertConsumed();

    const log = (await git("log", "--format=%s")).trim().split("\n");
    expect(log).toEqual(["Fix pageNumbers: include the last page", "Initial version"]);
    expect((await git("status", "--porcelain")).trim()).toBe("");
    const events = await eventsOf(runId);
    const decisions = events.flatMap((event) =>
      event.type === "approval-decision" ? [[event.tool, event.decision, event.decidedBy, event.reason]] : [],
    );
    expect(decisions).toEqual([
      ["run_command", "approve", "human", null],
      ["git_commit", "approve", "human", "reviewed the diff"],
    ]);
    const testRun = events.find((event) => event.type === "tool-result" && event.tool === "run_command");
    expect(testRun).toMatchObject({ isError: false, metadata: { exitCode: 0 } });
  });
});
