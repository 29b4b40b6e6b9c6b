import { existsSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { formatEventLine, printShow } from "../../src/cli/inspect-output.js";
import { AgentOneClient } from "../../src/client/index.js";
import { buildReport } from "../../src/report/build-report.js";
import { renderReport } from "../../src/report/render-report.js";
import { type ServerUnderTest, startTestServer } from "../server/server-harness.js";
import { cliHarness } from "../support/cli-harness.js";

/**
 * The CLI in remote mode (AGENTONE_URL and AGENTONE_API_KEY set), in-process, against a real server on a
 * loopback port (the server tests' harness: a goal with `[deploy]` waits for approval of the `deploy`
 * tool; one with `[gate:NAME]` holds its act step until the test opens the gate). The CLI's home is never
 * created: the commands read and steer the runs through the API only.
 */
let target: ServerUnderTest;
let client: AgentOneClient;
let cli: Awaited<ReturnType<typeof cliHarness>>;

beforeAll(async () => {
  target = await startTestServer("pglite");
  client = new AgentOneClient({ baseUrl: target.url, apiKey: target.keys.alpha });
  cli = await cliHarness(
    { AGENTONE_URL: target.url, AGENTONE_API_KEY: target.keys.alpha },
    { emptyHome: true },
  );
});

afterAll(async () => {
  expect(existsSync(cli.home)).toBe(false);
  await cli.cleanup();
  await target.close();
});

/** Creates a run and waits until it stops (ends, or waits for a human). */
async function stoppedRun(goal: string, extra: Record<string, unknown> = {}): Promise<string> {
  const answer = await client.createRun({ goal, workspace: target.workspace, ...extra }, { waitSeconds: 30 });
  if (!("report" in answer)) throw new Error(`run ${answer.run.id} did not stop within the wait`);
  return answer.run.id;
}

/** What the local printers print for a run's stored events. */
async function printedLocally(
  runId: string,
  print: (events: never[], write: (text: string) => void) => void,
) {
  let text = "";
  print((await target.context.store.readEvents(runId)) as never[], (chunk) => {
    text += chunk;
  });
  return text;
}

describe("reading runs through the API", () => {
  let runId: string;
  beforeAll(async () => {
    runId = await stoppedRun("say done");
  });

  it("runs: lists the key's runs in the local table", async () => {
    const result = await cli.run("runs");
    expect(result.code).toBe(0);
    const lines = result.stdout.trim().split("\n");
    expect(lines[0]).toMatch(/^run\s+status\s+outcome\s+cost\s+created\s+goal$/);
    expect(result.stdout).toMatch(
      new RegExp(`${runId}\\s+completed\\s+complete\\s+\\$\\S+\\s+\\S+ \\S+\\s+say done`),
    );
    const json = JSON.parse((await cli.run("runs", "--json", "--limit", "1")).stdout);
    expect(json).toHaveLength(1);
    expect(json[0]).toMatchObject({ id: expect.stringMatching(/^run_/), tenant: "alpha" });
  });

  it("show, events and report print what the local commands print for the same events", async () => {
    const show = await cli.run("show", runId.slice(0, -1));
    expect(show.code).toBe(0);
    expect(show.stdout).toBe(
      await printedLocally(runId, (events, write) =>
        printShow({ stdout: { write }, stderr: { write }, env: {}, cwd: "/" }, runId, events, {
          json: false,
          provenance: false,
        }),
      ),
    );
    expect(show.stdout).toMatch(/^Run run_\S+\nstatus: completed \(complete\)/);
    const events = await cli.run("events", runId);
    expect(events.stdout).toBe(
      await printedLocally(runId, (stored, write) => {
        for (const event of stored) write(formatEventLine(event, false));
      }),
    );
    const report = await cli.run("report", runId);
    expect(report.code).toBe(0);
    expect(report.stdout).toBe(renderReport(buildReport(await target.context.store.readEvents(runId))));
    const jsonReport = JSON.parse((await cli.run("report", runId, "--json")).stdout);
    expect(jsonReport).toMatchObject({ runId, status: "completed" });
  });
});

describe("steering runs through the API", () => {
  it("approve: decides the waiting call, follows the run to its end and prints its report (exit 0)", async () => {
    const runId = await stoppedRun("ship it [deploy]");
    const before = target.executed.length;
    const result = await cli.run("approve", runId, "--reason", "fine");
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`\nRun ${runId}: completed (complete)`);
    expect(target.executed.length).toBe(before + 1);
    const decision = (await target.context.store.readEvents(runId)).find(
      (event) => event.type === "approval-decision",
    );
    expect(decision).toMatchObject({ decision: "approve", decidedBy: "human", reason: "fine" });
    expect((await client.getRun(runId)).status).toBe("completed");
  });

  it("deny: records the denial with its reason; the run continues without the call", async () => {
    const runId = await stoppedRun("ship it [deploy]");
    const before = target.executed.length;
    const result = await cli.run("deny", runId, "--reason", "not today", "--json");
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ runId, status: "completed" });
    expect(target.executed.length).toBe(before);
    const decision = (await target.context.store.readEvents(runId)).find(
      (event) => event.type === "approval-decision",
    );
    expect(decision).toMatchObject({ decision: "deny", reason: "not today" });
  });

  it("approve of a run that waits for nothing is a usage error naming its status (exit 2)", async () => {
    const runId = await stoppedRun("say done");
    const result = await cli.run("approve", runId);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(`agentone: run ${runId} is not waiting for approval (it is completed)\n`);
  });

  it("resume: adds budget and an instruction; the run completes (exit 0)", async () => {
    const runId = await stoppedRun("needs more steps", { limits: { steps: 1 }, onExhaust: ["ask-human"] });
    expect((await client.getRun(runId)).status).toBe("awaiting_input");
    const result = await cli.run("resume", runId, "--add-steps", "5", "--input", "finish up");
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`\nRun ${runId}: completed (complete)`);
    const input = (await target.context.store.readEvents(runId)).find((event) => event.type === "run-input");
    expect(input).toMatchObject({ text: "finish up", addSteps: 5 });
  });

  it("resume and approve refuse the flags of a local runtime", async () => {
    const result = await cli.run("resume", "run_00000000000000", "--config", "x.yaml");
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("--config configure a local run");
  });

  it("kill: ends a waiting run, then says it has already ended", async () => {
    const runId = await stoppedRun("ship it [deploy]");
    const killed = await cli.run("kill", runId);
    expect(killed).toMatchObject({ code: 0, stdout: `Run ${runId} killed.\n` });
    const again = await cli.run("kill", runId);
    expect(again.stdout).toBe(`Run ${runId} has already ended (killed).\n`);
  });

  it("kill: signals a run mid-step; it ends killed", async () => {
    const created = await client.createRun({ goal: "hold [gate:remote]", workspace: target.workspace });
    await target.gates.arrival("remote");
    const result = await cli.run("kill", created.run.id);
    expect(result.stdout).toBe(
      `Kill switch set for ${created.run.id}: the process running it stops before its next step.\n`,
    );
    target.gates.open("remote");
    for await (const event of client.followEvents(created.run.id, { reconnectDelayMs: 0 }))
      if (event.type === "run-end") expect(event.status).toBe("killed");
  });
});

describe("errors", () => {
  it("an unknown run is the server's 404, exit 2", async () => {
    const result = await cli.run("show", "run_00000000000000");
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(
      /^agentone: 404 .*run_00000000000000.* \(server http:\/\/127\.0\.0\.1:\d+\)\n$/,
    );
  });

  it("a refused key says so, exit 2", async () => {
    const bad = await cliHarness(
      { AGENTONE_URL: target.url, AGENTONE_API_KEY: "ak_wrong" },
      { emptyHome: true },
    );
    const result = await bad.run("runs");
    await bad.cleanup();
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(
      /^agentone: the server at .* refused AGENTONE_API_KEY \(.*\): the key is missing, unknown or revoked\n$/,
    );
  });

  it("AGENTONE_URL without AGENTONE_API_KEY is a usage error, exit 2", async () => {
    const bare = await cliHarness({ AGENTONE_URL: target.url }, { emptyHome: true });
    const result = await bare.run("kill", "--all");
    await bare.cleanup();
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("AGENTONE_URL is set but AGENTONE_API_KEY is not");
  });

  it("an unreachable server names the address, exit 1", async () => {
    const closed = await cliHarness(
      { AGENTONE_URL: "http://127.0.0.1:9", AGENTONE_API_KEY: target.keys.alpha },
      { emptyHome: true },
    );
    const result = await closed.run("events", "run_00000000000000");
    await closed.cleanup();
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^agentone: cannot reach the AgentOne server at http:\/\/127\.0\.0\.1:9\//);
  });

  it("kill --all and --off turn the key's tenant switch on and off", async () => {
    const on = await cli.run("kill", "--all");
    expect(on.code).toBe(0);
    expect(on.stdout).toMatch(/^Tenant alpha kill switch on: \d+ runs? stopped; new runs are refused/);
    const off = await cli.run("kill", "--off");
    expect(off.stdout).toBe("Tenant alpha kill switch off.\n");
  });
});
