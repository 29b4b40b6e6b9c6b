import type { ModelSpec } from "agentone";
import { z } from "zod";
import { hexadecimal, stableWireId } from "./wire-ids.js";
import { jsonReply, type WireReply } from "./wire-protocol.js";

/**
 * Ollama's endpoints besides chat: `GET /api/tags`, `POST /api/show`, `GET /api/ps` and
 * `GET /api/version`, in the field names of Ollama's api/types.go.
 */

/** The Ollama release whose native API this server follows (tool-call ids, `tool_name`, `/api/ps`). */
export const ollamaVersion = "0.12.0";

/** How long Ollama keeps a model loaded after its last request (`keep_alive`'s default, 5 minutes). */
export const ollamaKeepAliveMs = 5 * 60_000;

/** The simulated models' architecture name, in `details.family` and the `model_info` keys. */
const architecture = "agentone-sim";

const taggedName = (model: ModelSpec) => `${model.id}:latest`;
const digestOf = (model: ModelSpec) =>
  stableWireId(model.id, { prefix: "", length: 64, alphabet: hexadecimal });

const detailsOf = () => ({
  parent_model: "",
  format: "simulated",
  family: architecture,
  families: [architecture],
  parameter_size: "",
  quantization_level: "",
});

/** The model a name means, with or without Ollama's `:latest` tag. */
const findModel = (models: readonly ModelSpec[], name: string) =>
  models.find((model) => model.id === name.replace(/:latest$/, ""));

/** `GET /api/tags`: the local models, named with Ollama's `:latest` tag. */
export function ollamaTags(models: readonly ModelSpec[], modifiedAt: string) {
  return {
    models: models.map((model) => ({
      name: taggedName(model),
      model: taggedName(model),
      modified_at: modifiedAt,
      size: 0,
      digest: digestOf(model),
      details: detailsOf(),
    })),
  };
}

const showRequestSchema = z.looseObject({ model: z.string().nullish(), name: z.string().nullish() });

/**
 * `POST /api/show`: what a client reads before using a model: its capabilities (`tools`) and its context
 * length (`model_info["<architecture>.context_length"]`). `name` is the field's deprecated spelling.
 */
export function ollamaShow(
  body: unknown,
  context: { models: readonly ModelSpec[]; modifiedAt: string },
): WireReply {
  const parsed = showRequestSchema.safeParse(body);
  const name = parsed.success ? parsed.data.model || parsed.data.name : undefined;
  if (!name) return jsonReply(400, { error: "model is required" });
  const model = findModel(context.models, name);
  if (!model) return jsonReply(404, { error: `model '${name}' not found` });
  const parameters = `num_ctx ${model.contextWindow}`;
  return jsonReply(200, {
    modelfile: `# A simulated model served by AgentOne's sim-server\nFROM ${taggedName(model)}\nPARAMETER ${parameters}\n`,
    parameters,
    template: "{{ .Prompt }}",
    details: detailsOf(),
    model_info: {
      "general.architecture": architecture,
      "general.basename": model.id,
      "general.parameter_count": 0,
      [`${architecture}.context_length`]: model.contextWindow,
    },
    capabilities: model.capabilities.tools ? ["completion", "tools"] : ["completion"],
    modified_at: context.modifiedAt,
  });
}

/**
 * `GET /api/ps`: the models loaded now. A simulated model counts as loaded from its first answer until
 * {@link ollamaKeepAliveMs} after its last, as an Ollama model with the default `keep_alive`.
 */
export function ollamaRunning(
  models: readonly ModelSpec[],
  context: { lastAnswered: ReadonlyMap<string, number>; now: number },
) {
  const loaded = models.flatMap((model) => {
    const last = context.lastAnswered.get(model.id);
    const expiresAt = last === undefined ? 0 : last + ollamaKeepAliveMs;
    if (expiresAt <= context.now) return [];
    return [
      {
        name: taggedName(model),
        model: taggedName(model),
        size: 0,
        digest: digestOf(model),
        details: detailsOf(),
        expires_at: new Date(expiresAt).toISOString(),
        size_vram: 0,
        context_length: model.contextWindow,
      },
    ];
  });
  return { models: loaded };
}
