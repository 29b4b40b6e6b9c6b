import { type ChildProcess, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { cp, mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openStore } from "../../src/store/open-store.js";
import { packageRoot, repositoryRoot } from "../support/cli-harness.js";
import { seedMigratedStore } from "../support/migrated-home.js";

const binary = join(packageRoot, "dist/cli/main.js");
let directory: string;
const home = () => join(directory, "home");

beforeAll(async () => {
  directory = await mkdtemp(join(tmpdir(), "agentone-serve-crash-"));
  await seedMigratedStore(home());
  await mkdir(join(directory, "workspaces"), { recursive: true });
  await cp(join(repositoryRoot, "examples/ci-failure"), join(directory, "workspaces/ci"), {
    recursive: true,
  });
  await writeFile(join(directory, "agentone.yaml"), "server:\n  workspaceRoots: [workspaces]\n");
});
afterAll(() => rm(directory, { recursive: true, force: true, maxRetries: 5 }));

/** `agentone serve` in its own process on the embedded store of `home()`. */
function serve(clock: "real" | "virtual"): ChildProcess & { output: () => string } {
  const child = spawn(process.execPath, [binary, "serve", "--port", "0", "--clock", clock], {
    cwd: directory,
    env: { ...process.env, AGENTONE_HOME: home(), DATABASE_URL: "" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  return Object.assign(child, { output: () => output });
}

/** The server's address, once it says it listens (event-driven: no sleeps). */
function listening(child: ReturnType<typeof serve>): Promise<string> {
  return new Promise((resolve, reject) => {
    const look = () => {
      const url = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(child.output())?.[1];
      if (url) resolve(url);
    };
    child.stdout?.on("data", look);
    child.on("exit", () => reject(new Error(`exited before listening: ${child.output()}`)));
    look();
  });
}

const exited = (child: ChildProcess) =>
  new Promise<number | null>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve(child.exitCode);
    else child.on("exit", (code) => resolve(code));
  });

type LoggedEvent = { seq: number; type: string; step?: number; to?: string };

async function api<T>(url: string, key: string, path: string, body?: unknown): Promise<T> {
  const response = await fetch(`${url}${path}`, {
    method: body === undefined ? "GET" : "POST",
    headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return (await response.json()) as T;
}

/** Polls the API until `done` holds for the run and its events (each poll a request: no fixed sleeps). */
async function until(
  input: { url: string; key: string; runId: string },
  done: (status: string, events: LoggedEvent[]) => boolean,
): Promise<{ status: string; events: LoggedEvent[] }> {
  for (;;) {
    const run = await api<{ status: string }>(input.url, input.key, `/v1/runs/${input.runId}`);
    const { events } = await api<{ events: LoggedEvent[] }>(
      input.url,
      input.key,
      `/v1/runs/${input.runId}/events`,
    );
    if (done(run.status, events)) return { status: run.status, events };
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe("agentone serve SIGKILLed in the middle of a managed run's step", () => {
  it("is started again on the same home, takes the dead process's store lock over, and finishes the run: the lost step executed once, no event lost or repeated", async () => {
    const first = serve("real");
    const firstExit = exited(first);
    const url = await listening(first);
    const key = /\n {2}(agentone_\S+)\n/.exec(first.output())?.[1] ?? "";
    const created = await api<{ run: { id: string } }>(url, key, "/v1/runs", {
      goal: "Triage the CI failure recorded in ci.log and suggest a fix. Do not change any files.",
      workspace: "ci",
      seed: 7,
      priority: 3,
      // The fastest simulated model: its first step takes a second or two on the real clock.
      model: "sim-cheap",
    });
    const runId = created.run.id;
    // Simulated calls take seconds on the real clock: once a step has ended and the run is into the next
    // one, the kill lands in the middle of a step.
    const before = await until({ url, key, runId }, (status, events) => {
      const ended = events.filter((event) => event.type === "step-end").length;
      const started = events.filter((event) => event.type === "step-start").length;
      return (status === "planning" || status === "running") && ended >= 1 && started === ended;
    });
    first.kill("SIGKILL");
    await firstExit;
    // The dead owner's lock socket is still there: the next server has to take it over.
    expect(existsSync(join(home(), "store.lock"))).toBe(true);

    const second = serve("virtual");
    const secondExit = exited(second);
    const url2 = await listening(second);
    expect(second.output()).toContain("continuing 1 run(s) an earlier server left unfinished");
    const after = await until({ url: url2, key, runId }, (status) =>
      ["completed", "failed", "killed"].includes(status),
    );
    second.kill("SIGTERM");
    expect(await secondExit).toBe(0);

    expect(after.status).toBe("completed");
    // Every event the first server committed is still there, unchanged, and nothing came twice.
    expect(after.events.slice(0, before.events.length)).toEqual(before.events);
    expect(after.events.map((event) => event.seq)).toEqual(after.events.map((_, index) => index));
    const steps = after.events.flatMap((event) => (event.type === "step-start" ? [event.step] : []));
    expect(steps).toEqual(steps.map((_, index) => index + 1));
    expect(steps.length).toBeGreaterThan(before.events.filter((event) => event.type === "step-start").length);
    expect(after.events.filter((event) => event.type === "run-end")).toHaveLength(1);
    expect(after.events.some((event) => event.type === "run-kill")).toBe(false);

    const store = await openStore({ home: home() });
    try {
      expect((await store.verifyRun(runId)).problem).toBeNull();
      expect((await store.getRun(runId))?.priority).toBe(3);
    } finally {
      await store.close();
    }
  }, 120_000);
});
