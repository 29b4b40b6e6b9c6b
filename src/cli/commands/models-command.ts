import type { Command } from "commander";
import { displayUrl } from "../../backends/http/safe-url.js";
import { probeBackend } from "../../config/discover-models.js";
import { table } from "../../report/format.js";
import type { CliIo } from "../cli-io.js";
import { loadCliModels } from "../cli-runtime.js";

const price = (value: number) => (value === 0 ? "free" : `$${value}`);

export function registerModelsCommand(program: Command, io: CliIo): void {
  program
    .command("models")
    .description("list the model catalog and probe which configured backends answer now")
    .option("--config <file>", "configuration file (default: ./agentone.yaml, or $AGENTONE_CONFIG)")
    .option("--json", "print JSON", false)
    .action(async (flags: { config?: string; json: boolean }) => {
      const { config, models } = await loadCliModels(io, {
        ...(flags.config ? { configPath: flags.config } : {}),
        quiet: true,
      });
      const probes = await Promise.all(config.backends.map((backend) => probeBackend(backend)));
      const backends = [
        { name: "simulated", protocol: "in-process", baseUrl: "", status: "ok (built in)" },
        ...config.backends.map((backend, index) => {
          const probe = probes[index];
          return {
            name: backend.name,
            protocol: backend.protocol,
            baseUrl: displayUrl(backend.baseUrl),
            status: probe?.error ? `unreachable: ${probe.error}` : `ok (${probe?.models.length ?? 0} models)`,
          };
        }),
      ];
      const configured = new Set(backends.map((backend) => backend.name));
      const usable = models.filter((model) => configured.has(model.backend));
      if (flags.json) {
        io.stdout.write(
          `${JSON.stringify({ configFile: config.file, backends, models: usable }, null, 2)}\n`,
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
      const unconfigured = models.length - usable.length;
      if (unconfigured > 0)
        io.stdout.write(
          `\n${unconfigured} more catalog models need a backend (OPENAI_API_KEY, ANTHROPIC_API_KEY, OLLAMA_HOST, VLLM_BASE_URL or agentone.yaml).\n`,
        );
    });
}
