import type { AddressInfo } from "node:net";
import { serve } from "@hono/node-server";
import { createServerApp } from "./app.js";
import { killTenantRuns } from "./kill-tenant-runs.js";
import { resubmitWaitingRuns } from "./resubmit-runs.js";
import type { ServerContext } from "./server-context.js";

/** A server listening, and the one call that stops it gracefully. */
export interface RunningServer {
  /** e.g. `http://127.0.0.1:8787` */
  url: string;
  port: number;
  /**
   * Graceful stop: refuses new work (503) and closes the listener, lets executing runs reach an end or a
   * wait for up to `graceMs`, then kills the ones still executing through the kill switch (each stops
   * before its next step and ends `killed`, its work kept), and closes the remaining connections. The
   * caller closes the runtime (store, MCP servers) afterwards. Returns the runs that had to be killed.
   */
  stop(options: { graceMs: number }): Promise<string[]>;
}

/**
 * Restores what an earlier server on the store left: its tenant kill switches (their runs killed), then
 * listens on `host:port` (port 0: any free port) with the app over `context`, and hands the executor the
 * runs left to continue (`resubmitWaitingRuns`: queued, paused by a shutdown, or cut off by a crash).
 *
 * @example
 * ```ts
 * const server = await startServer(context, { host: "127.0.0.1", port: 0 });
 * console.log(server.url);
 * await server.stop({ graceMs: 10_000 });
 * ```
 */
export async function startServer(
  context: ServerContext,
  options: { host: string; port: number },
): Promise<RunningServer> {
  // Before the first request: a tenant killed before a restart is still refused, and its runs still end
  // (a server that died while killing them leaves some not yet ended).
  for (const tenant of await context.tenantKills.load()) {
    const killed = await killTenantRuns(context, tenant);
    if (killed > 0) context.log(`killed ${killed} run(s) of tenant ${tenant}, whose kill switch is on`);
  }
  const app = createServerApp(context);
  const server = await new Promise<ReturnType<typeof serve>>((resolve, reject) => {
    const listening = serve({ fetch: app.fetch, hostname: options.host, port: options.port }, () =>
      resolve(listening),
    );
    listening.once("error", reject);
  });
  const resubmitted = await resubmitWaitingRuns(context);
  if (resubmitted.length > 0)
    context.log(`continuing ${resubmitted.length} run(s) an earlier server left unfinished`);
  const address = server.address() as AddressInfo;
  const host = address.family === "IPv6" ? `[${address.address}]` : address.address;
  const closed = new Promise<void>((resolve) => server.once("close", () => resolve()));
  let stopping: Promise<string[]> | null = null;
  const stop = async (graceMs: number): Promise<string[]> => {
    context.stopAccepting();
    server.close();
    if ("closeIdleConnections" in server) server.closeIdleConnections();
    const deadline = Date.now() + graceMs;
    const unfinished = await context.executor.drain(deadline);
    for (const runId of unfinished) await context.runtime.killSwitch.trigger({ runId });
    // Killed runs stop before their next step; a step's in-flight calls are aborted by the kill.
    if (unfinished.length > 0) await context.executor.drain(Date.now() + Math.max(graceMs, 1000));
    if ("closeAllConnections" in server) server.closeAllConnections();
    await closed;
    return unfinished;
  };
  return {
    url: `http://${host}:${address.port}`,
    port: address.port,
    stop: (stopOptions) => {
      stopping ??= stop(stopOptions.graceMs);
      return stopping;
    },
  };
}
