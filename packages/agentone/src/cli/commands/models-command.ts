import type { Command } from "commander";
import { displayUrl } from "../../backends/http/safe-url.js";
import { probeBackend } from "../../config/discover-models.js";
import { loadSimulatedPackageIfInstalled } from "../../config/simulated-package.js";
import { plural, table } from "../../report/format.js";
import type { CliIo } from "../cli-io.js";

const price = (value: number) => (value === 0 ? "free" : `$${value}`);

/** What configures a backend of this name: its environment variable, else an entry in agentone.yaml. */
function whatEnables(backend: string): string {
  const variables: Record<string, string> = {
    openai: "OPENAI_API_KEY (or OPENAI_BASE_URL)",
    anthropic: "ANTHROPIC_API_KEY",
    ollama: "OLLAMA_HOST",
    vllm: "VLLM_BASE_URL",
  };
  return variables[backend] ?? `a backend named ${backend} in agentone.yaml`;
}

export function registerModelsCommand(program: Command, io: CliIo): void {
  program
    .command("models")
    .description("list the model catalog and probe which configured backends answer now")
    .option("--config <file>", "configuration file (default: ./agentone.yaml, or $AGENTONE_CONFIG)")
    .option("--json", "print JSON", false)
    .action(async (flags: { config?: string; json: boolean }) => {
      // Loaded here, not at the top: `agentone --help` and the other commands do not pay for it.
      const { loadCliModels } = await import("../cli-runtime.js");
      const { config, models } = await loadCliModels(io, {
        ...(flags.config ? { configPath: flags.config } : {}),
        quiet: true,
      });
      const probes = await Promise.all(config.backends.map((backend) => probeBackend(backend)));
      const simulated = await loadSimulatedPackageIfInstalled();
      const backends = [
        {
          name: "simulated",
          protocol: "in-process",
          baseUrl: "",
          status: simulated ? "ok (built in)" : "not installed (npm install @agentone/simulated)",
        },
        ...config.backends.map((backend, index) => {
          const probe = probes[index];
          return {
            name: backend.name,
            protocol: backend.protocol,
            baseUrl: displayUrl(backend.baseUrl),
            status: probe?.error
              ? `${probe.unreachable ? "unreachable" : "error"}: ${probe.error}`
              : `ok (${plural(probe?.models.length ?? 0, "model")})`,
          };
        }),
      ];
      const configured = new Set(backends.map((backend) => backend.name));
      const usable = models.filter((model) => configured.has(model.backend));
      const unconfigured = models
        .filter((model) => !configured.has(model.backend))
        .map((model) => ({
          id: model.id,
          backend: model.backend,
          tier: model.tier,
          needs: whatEnables(model.backend),
        }));
      if (flags.json) {
        io.stdout.write(
          `${JSON.stringify({ configFile: config.file, backends, models: usable, unconfigured }, null, 2)}\n`,
        );
        return;
      }
      io.stdout.write(
        `Config: ${config.file ?? "none (built-in defaults and environment variables)"}\n\nBackends\n`,
      );
      io.stdout.write(
        `${table(backends.map((backend) => [`  ${backend.name}`, backend.protocol, backend.baseUrl, backend.status])).join("\n")}\n\nModels (USD per million tokens)\n`,
      );
      const rows = usable.map((model) => [
        `  ${model.id}`,
        model.backend,
        model.tier,
        `${price(model.prices.input)} in`,
        `${price(model.prices.output)} out`,
        `${model.contextWindow.toLocaleString("en-US")} ctx`,
        `${model.outputTokensPerSecond} tok/s`,
      ]);
      io.stdout.write(`${table(rows).join("\n")}\n`);
      if (unconfigured.length > 0) {
        io.stdout.write(
          `\n${plural(unconfigured.length, "more catalog model needs", "more catalog models need")} a backend\n`,
        );
        const waiting = unconfigured.map((model) => [
          `  ${model.id}`,
          model.backend,
          model.tier,
          `set ${model.needs}`,
        ]);
        io.stdout.write(`${table(waiting).join("\n")}\n`);
      }
    });
}
