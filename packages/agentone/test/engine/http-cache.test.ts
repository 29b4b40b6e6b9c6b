import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { loadTokenCounter } from "../../src/backends/token-counter.js";
import { VirtualClock } from "../../src/core/clock/index.js";
import type { EventOf, RunEvent } from "../../src/core/events/run-event.js";
import type { RunTask } from "../../src/engine/lifecycle/run-task.js";
import { startRun } from "../../src/engine/lifecycle/start-run.js";
import { createStoreCaches } from "../../src/engine/model-cache/store-caches.js";
import type { Runtime } from "../../src/engine/runtime.js";
import { buildReport } from "../../src/report/build-report.js";
import { ScriptedBackend, type ScriptedStep } from "../../src/testing/scripted-backend.js";
import { createTestRuntime } from "../../src/testing/test-runtime.js";
import { createDefaultTools } from "../../src/tools/default-tools.js";
import { tempWorkspace } from "../support/temp-workspace.js";

let server: Server;
let url: string;
let requests: { ifNoneMatch: string | undefined }[];
let cleanups: (() => Promise<void>)[] = [];

beforeEach(async () => {
  requests = [];
  server = createServer((request, response) => {
    requests.push({ ifNoneMatch: request.headers["if-none-match"] });
    if (request.headers["if-none-match"] === '"v1"') {
      response.writeHead(304, { etag: '"v1"', "cache-control": "max-age=60" });
      response.end();
      return;
    }
    response.writeHead(200, {
      "content-type": "application/json",
      etag: '"v1"',
      "cache-control": "max-age=60",
    });
    response.end(JSON.stringify({ orders: 3 }));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/orders`;
});

afterEach(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
  cleanups = [];
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

/** Each run: plan, one GET of the orders, then an answer. */
const oneGet = (): ScriptedStep[] => [
  { text: "1. read the orders" },
  { toolCalls: [{ name: "http_request", arguments: { method: "GET", url } }] },
  { text: "3 orders" },
];

async function setUp(runs: number) {
  const workspace = await tempWorkspace({ "notes.txt": "orders\n" });
  cleanups.push(workspace.cleanup);
  const clock = new VirtualClock();
  const tokenCounter = await loadTokenCounter();
  const tools = createDefaultTools({
    tokenCounter,
    http: { allowedHosts: ["127.0.0.1"], allowPrivateAddresses: true },
  });
  const steps = Array.from({ length: runs }, oneGet).flat();
  const runtime = await createTestRuntime({ backend: new ScriptedBackend({ steps, clock }), clock, tools });
  cleanups.push(() => runtime.store.close());
  return { runtime, clock, workspace: workspace.root };
}

async function getResult(
  runtime: Runtime,
  task: RunTask,
): Promise<{ result: EventOf<"tool-result">; events: RunEvent[] }> {
  const run = await startRun(runtime, task);
  const events = await runtime.store.readEvents(run.runId);
  const result = events.find((event): event is EventOf<"tool-result"> => event.type === "tool-result");
  if (!result) throw new Error("the run made no tool call");
  return { result, events };
}

describe("HTTP GETs through the engine", () => {
  it("a later run is served a fresh response from the store, then revalidates it once stale", async () => {
    const { runtime, clock, workspace } = await setUp(3);
    const task = { goal: "How many orders?", workspace };
    const first = await getResult(runtime, task);
    expect(first.result.metadata).toMatchObject({ cache: "miss", cacheStored: true });
    const second = await getResult(runtime, task);
    expect(second.result.metadata).toMatchObject({ cache: "hit" });
    expect(second.result.output).toContain('"orders": 3');
    expect(requests).toHaveLength(1);
    expect(buildReport(second.events).cache).toMatchObject({ httpHits: 1, httpRevalidations: 0 });
    clock.advance(120_000);
    const third = await getResult(runtime, task);
    expect(third.result.metadata).toMatchObject({ cache: "revalidated" });
    expect(requests).toEqual([{ ifNoneMatch: undefined }, { ifNoneMatch: '"v1"' }]);
    expect(buildReport(third.events).cache).toMatchObject({ httpHits: 0, httpRevalidations: 1 });
  });

  it("a run with tool caching off neither reads nor writes the HTTP cache", async () => {
    const { runtime, workspace } = await setUp(2);
    const off: RunTask = { goal: "How many orders?", workspace, cache: { tools: false } };
    expect((await getResult(runtime, off)).result.metadata).toMatchObject({
      cache: "bypass",
      cacheStored: false,
    });
    expect((await getResult(runtime, off)).result.metadata).toMatchObject({ cache: "bypass" });
    expect(requests).toHaveLength(2);
  });

  it("one tenant never reads another's stored responses", async () => {
    const { runtime, clock, workspace } = await setUp(2);
    const task = { goal: "How many orders?", workspace };
    await getResult(runtime, task);
    const otherTenant: Runtime = {
      ...runtime,
      caches: createStoreCaches({ store: runtime.store, clock, settings: { tenant: "team-b" } }),
    };
    expect((await getResult(otherTenant, task)).result.metadata).toMatchObject({ cache: "miss" });
    expect(requests).toHaveLength(2);
  });
});
