import { randomUUID } from "node:crypto";
import { mkdir, realpath } from "node:fs/promises";
import { join } from "node:path";
import pg from "pg";
import { VirtualClock } from "../../src/core/clock/index.js";
import type { Message } from "../../src/core/messages.js";
import type { KillSwitch } from "../../src/engine/kill-switch/kill-switch.js";
import type { Runtime } from "../../src/engine/runtime.js";
import { createApprovalPolicy } from "../../src/policy/approval-policy.js";
import { newApiKey } from "../../src/server/auth/api-keys.js";
import type { RunExecutor } from "../../src/server/run-executor.js";
import type { ServerContext, ServerSettings } from "../../src/server/server-context.js";
import { createServerContext } from "../../src/server/server-context-builder.js";
import { type RunningServer, startServer } from "../../src/server/start-server.js";
import { PostgresExecutor } from "../../src/store/postgres/postgres-executor.js";
import { migrate } from "../../src/store/sql/migrate.js";
import { SqlStore } from "../../src/store/sql/sql-store.js";
import type { Store } from "../../src/store/store.js";
import { ScriptedBackend, type ScriptedStep } from "../../src/testing/scripted-backend.js";
import { createTestRuntime } from "../../src/testing/test-runtime.js";
import { createTestStore } from "../../src/testing/test-store.js";
import { createWorkspaceTools } from "../../src/tools/workspace/index.js";
import { recordingTool } from "../support/approval-harness.js";
import { tempWorkspace } from "../support/temp-workspace.js";

export const databaseUrl =
  process.env.AGENTONE_TEST_DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/test";

/** Why PostgreSQL cannot be used, or undefined when it can. */
export async function postgresUnreachable(): Promise<string | undefined> {
  const client = new pg.Client({ connectionString: databaseUrl, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    return undefined;
  } catch (error) {
    return `PostgreSQL is unreachable at ${databaseUrl}: ${error instanceof Error ? error.message : String(error)}`;
  } finally {
    await client.end().catch(() => {});
  }
}

/** A migrated store of the kind named, and how to drop it. */
export async function openStoreOfKind(
  kind: "pglite" | "postgres",
): Promise<{ store: Store; drop: () => Promise<void> }> {
  if (kind === "pglite") {
    const store = await createTestStore();
    return { store, drop: () => store.close() };
  }
  const schema = `agentone_server_${randomUUID().replaceAll("-", "").slice(0, 12)}`;
  const admin = new pg.Client({ connectionString: databaseUrl });
  await admin.connect();
  await admin.query(`create schema ${schema}`);
  const executor = new PostgresExecutor({
    connectionString: databaseUrl,
    searchPath: schema,
    maxConnections: 4,
  });
  await migrate(executor);
  const store = new SqlStore(executor);
  return {
    store,
    drop: async () => {
      await store.close();
      await admin.query(`drop schema if exists ${schema} cascade`);
      await admin.end();
    },
  };
}

/** Tests hold a run in its act step until they open its gate (a live tail, a kill mid-run). */
export class Gates {
  readonly #gates = new Map<
    string,
    { arrived: Promise<void>; arrive: () => void; opened: Promise<void>; open: () => void }
  >();

  #gate(name: string) {
    let gate = this.#gates.get(name);
    if (!gate) {
      let arrive = () => {};
      let open = () => {};
      const arrived = new Promise<void>((resolve) => (arrive = resolve));
      const opened = new Promise<void>((resolve) => (open = resolve));
      gate = { arrived, arrive, opened, open };
      this.#gates.set(name, gate);
    }
    return gate;
  }

  /** Called by the model: marks the arrival and waits for the gate to open. */
  wait(name: string): Promise<void> {
    const gate = this.#gate(name);
    gate.arrive();
    return gate.opened;
  }

  /** Resolves once a run has reached the gate. */
  arrival(name: string): Promise<void> {
    return this.#gate(name).arrived;
  }

  open(name: string): void {
    this.#gate(name).open();
  }
}

function textOf(messages: readonly Message[]): string {
  return messages
    .map((message) =>
      typeof message.content === "string" ? message.content : JSON.stringify(message.content),
    )
    .join("\n");
}

/**
 * The model of the server tests, answering from the goal: it plans, then answers `done`; a goal with
 * `[deploy]` first calls the `deploy` tool (which needs approval); a goal with `[gate:NAME]` holds its act
 * step until the test opens the gate.
 */
function goalDrivenStep(gates: Gates): ScriptedStep {
  return async (request) => {
    const text = textOf(request.messages);
    if (!request.messages.some((message) => message.role === "assistant")) return { text: "1. do it" };
    const gate = /\[gate:(\w+)\]/.exec(text)?.[1];
    if (gate) await gates.wait(gate);
    const answered = request.messages.some((message) => message.role === "tool");
    if (text.includes("[deploy]") && !answered)
      return { toolCalls: [{ name: "deploy", arguments: { target: "prod" } }] };
    return { text: "done" };
  };
}

export interface ServerUnderTest {
  url: string;
  server: RunningServer;
  context: ServerContext;
  runtime: Runtime;
  gates: Gates;
  /** Secrets of three keys: an admin of `default`, a member of `alpha`, a member of `beta`. */
  keys: { admin: string; alpha: string; beta: string; revoked: string };
  /** The allowed workspace root, and a workspace directory inside it. */
  root: string;
  workspace: string;
  /** Tool calls the `deploy` tool executed. */
  executed: string[];
  close(): Promise<void>;
}

/** What a test server may be started with. */
export interface TestServerOptions {
  executor?: RunExecutor;
  bodyLimitBytes?: number;
  settings?: Pick<ServerSettings, "maxRunning" | "maxRunningPerTenant">;
  /** The runtime's kill switch (default: one in memory); a FileKillSwitch outlives a restart. */
  killSwitch?: KillSwitch;
}

/** A server over `runtime`, with the harness's settings; `close` stops it, then `release`s the rest. */
async function serveOver(
  base: Omit<ServerUnderTest, "url" | "server" | "context" | "close">,
  options: TestServerOptions,
  release: () => Promise<void>,
): Promise<ServerUnderTest> {
  const context = createServerContext({
    runtime: base.runtime,
    settings: {
      workspaceRoots: [base.root],
      bodyLimitBytes: options.bodyLimitBytes ?? 64 * 1024,
      maxWaitSeconds: 60,
      ...options.settings,
    },
    log: () => {},
    ...(options.executor ? { executor: options.executor } : {}),
  });
  const server = await startServer(context, { host: "127.0.0.1", port: 0 });
  return {
    ...base,
    url: server.url,
    server,
    context,
    close: async () => {
      await server.stop({ graceMs: 5000 });
      await release();
    },
  };
}

/** A server on a loopback port over a migrated store, with tenants `default`, `alpha` and `beta`. */
export async function startTestServer(
  kind: "pglite" | "postgres",
  options: TestServerOptions = {},
): Promise<ServerUnderTest> {
  const { store, drop } = await openStoreOfKind(kind);
  const workspaces = await tempWorkspace({ "inside/README.md": "# inside\n" });
  const root = await realpath(join(workspaces.root, "inside"));
  await mkdir(join(workspaces.root, "outside"), { recursive: true });
  const clock = new VirtualClock();
  const gates = new Gates();
  const steps = Array.from({ length: 2000 }, () => goalDrivenStep(gates));
  const backend = new ScriptedBackend({ steps, clock });
  const executed: string[] = [];
  const tools = [
    ...createWorkspaceTools(),
    recordingTool({ name: "deploy", sideEffect: "external", requiresApproval: true, executed }),
  ];
  const base = await createTestRuntime({
    backend,
    clock,
    tools,
    store,
    ...(options.killSwitch ? { killSwitch: options.killSwitch } : {}),
  });
  const runtime: Runtime = { ...base, approvals: createApprovalPolicy({}) };
  const at = new Date(0).toISOString();
  const secrets: Record<string, string> = {};
  for (const tenant of ["default", "alpha", "beta"])
    await store.createTenant({ name: tenant, createdAt: at });
  for (const [name, tenant, role] of [
    ["admin", "default", "admin"],
    ["alpha", "alpha", "member"],
    ["beta", "beta", "member"],
    ["revoked", "alpha", "member"],
  ] as const) {
    const { secret, record } = newApiKey({ tenant, role, ids: runtime.ids, at });
    await store.createApiKey(record);
    secrets[name] = secret;
    if (name === "revoked") await store.revokeApiKey(record.id, at);
  }
  const release = async () => {
    await drop();
    await workspaces.cleanup();
  };
  return serveOver(
    {
      runtime,
      gates,
      keys: secrets as ServerUnderTest["keys"],
      root,
      workspace: root,
      executed,
    },
    options,
    release,
  );
}

/**
 * A restart: stops the server (its store, workspaces and keys kept) and starts another over the same
 * store, as a new process would, with a context of its own (scheduler, run claims, tenant kill switches
 * read from the store). `killSwitch` replaces the runtime's (a new FileKillSwitch over the same home is
 * what a restarted process has). `close` of the result stops it and drops the store.
 */
export async function restartTestServer(
  target: ServerUnderTest,
  options: TestServerOptions = {},
): Promise<ServerUnderTest> {
  await target.server.stop({ graceMs: 5000 });
  const runtime = options.killSwitch ? { ...target.runtime, killSwitch: options.killSwitch } : target.runtime;
  const { url: _url, server: _server, context: _context, close, ...base } = target;
  // The stopped server's close would stop it again (a no-op) and then drop what this one uses.
  return serveOver({ ...base, runtime }, options, close);
}

/** A response as the tests read it: bodies are checked field by field, so they are read loosely. */
// biome-ignore lint/suspicious/noExplicitAny: tests assert on response bodies' fields directly
export type HttpResult = { status: number; body: any; headers: Headers };

/** One HTTP request to the server, with the key as bearer; the body is sent as JSON unless a string. */
export async function call(
  target: ServerUnderTest,
  path: string,
  options: { key?: string | null; method?: string; body?: unknown; headers?: Record<string, string> } = {},
): Promise<HttpResult> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.key !== null) headers.authorization = `Bearer ${options.key ?? target.keys.alpha}`;
  if (options.body !== undefined && headers["content-type"] === undefined)
    headers["content-type"] = "application/json";
  const response = await fetch(`${target.url}${path}`, {
    method: options.method ?? (options.body === undefined ? "GET" : "POST"),
    headers,
    ...(options.body === undefined
      ? {}
      : { body: typeof options.body === "string" ? options.body : JSON.stringify(options.body) }),
  });
  const text = await response.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // Not JSON (the docs page, an event stream): the text is the body.
  }
  return { status: response.status, body, headers: response.headers };
}
