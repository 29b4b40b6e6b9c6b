import { dirname } from "node:path";
import type { Command } from "commander";
import { UsageError } from "../../core/errors/index.js";
import type { CliIo } from "../cli-io.js";
import type { ClockChoice } from "../cli-runtime.js";
import { parseClock } from "../parse-values.js";
import { printNewKey } from "../print-new-key.js";
import { shutdownSignal } from "../shutdown-signal.js";

interface ServeFlags {
  port: number;
  host: string;
  clock: ClockChoice;
  config?: string;
  maxWaitSeconds: number;
}

function parsePort(value: string): number {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65_535)
    throw new UsageError(`--port must be a whole number from 0 to 65535, not '${value}'`);
  return port;
}

export function registerServeCommand(program: Command, io: CliIo): void {
  program
    .command("serve")
    .description(
      "serve the REST API (/v1, OpenAPI at /openapi.json, reference at /docs) until SIGTERM/SIGINT",
    )
    .option("--port <n>", "port to listen on (0: any free port)", parsePort, 8787)
    .option("--host <address>", "address to bind (default: loopback only)", "127.0.0.1")
    .option(
      "--clock <kind>",
      "real (default: runs share the server's time), virtual (simulated latencies take no time), or auto",
      parseClock,
      "real",
    )
    .option("--max-wait-seconds <n>", "the longest ?wait= a create may ask for", Number, 300)
    .option("--config <file>", "configuration file (default: ./agentone.yaml, or $AGENTONE_CONFIG)")
    .action(async (flags: ServeFlags) => {
      // Loaded here, not at the top: the server, Hono and the engine would slow every other command's start.
      const [{ loadConfig }, { bootstrapDefaultTenant }, { createServerContext }, { startServer }] =
        await Promise.all([
          import("../../config/load-config.js"),
          import("../../server/bootstrap-tenant.js"),
          import("../../server/server-context-builder.js"),
          import("../../server/start-server.js"),
        ]);
      const [{ resolveWorkspaceRoots }, { openCliRuntime }] = await Promise.all([
        import("../../server/workspace-roots.js"),
        import("../cli-runtime.js"),
      ]);
      const config = await loadConfig({
        cwd: io.cwd,
        env: io.env,
        ...(flags.config ? { path: flags.config } : {}),
      });
      const roots = await resolveWorkspaceRoots(
        config.server.workspaceRoots,
        config.file ? dirname(config.file) : io.cwd,
      );
      if (roots.length === 0)
        io.stderr.write(
          "warning: server.workspaceRoots is empty in agentone.yaml: every run will be refused (422)\n",
        );
      const runtime = await openCliRuntime(io, {
        clock: flags.clock,
        mountMcp: true,
        ...(flags.config ? { configPath: flags.config } : {}),
      });
      const signal = shutdownSignal();
      try {
        const created = await bootstrapDefaultTenant(runtime);
        if (created) {
          io.stdout.write("Created tenant default (there was none) and its first admin key.\n");
          printNewKey(io, { ...created.record, secret: created.secret });
        }
        const context = createServerContext({
          runtime,
          settings: {
            workspaceRoots: roots,
            bodyLimitBytes: config.server.bodyLimitBytes,
            maxWaitSeconds: flags.maxWaitSeconds,
            maxRunning: config.server.maxRunning,
            maxRunningPerTenant: config.server.maxRunningPerTenant,
          },
          cacheSettings: config.cache,
          log: (line) => io.stderr.write(`${line}\n`),
        });
        const server = await startServer(context, { host: flags.host, port: flags.port });
        io.stdout.write(`AgentOne API listening on ${server.url} (reference: ${server.url}/docs)\n`);
        const received = await signal.received;
        io.stderr.write(
          `${received}: shutting down (runs in flight get ${config.server.shutdownGraceMs} ms)\n`,
        );
        const killed = await server.stop({ graceMs: config.server.shutdownGraceMs });
        if (killed.length > 0)
          io.stderr.write(
            `killed ${killed.length} run(s) still executing at the deadline: ${killed.join(", ")}\n`,
          );
        io.stderr.write("stopped\n");
      } finally {
        signal.dispose();
        await runtime.close();
      }
    });
}
