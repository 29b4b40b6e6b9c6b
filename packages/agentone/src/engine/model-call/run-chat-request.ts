import { z } from "zod";
import type { BackendRegistry } from "../../backends/backend-registry.js";
import type { ToolDefinition } from "../../backends/model-backend.js";
import { UsageError } from "../../core/errors/index.js";
import { messageSchema } from "../../core/events/payload-schemas.js";
import type { Message } from "../../core/messages.js";
import { type ModelTier, modelTiers } from "../../core/model-tiers.js";

/** A chat request charged to a run by a caller outside the loop (`callModelForRun`, `streamModelForRun`). */
export interface RunChatRequest {
  messages: Message[];
  tools?: ToolDefinition[];
  /** A catalog model to use: routed like a run's pinned model (it must fit the budget and the window). */
  model?: string;
  /** A tier to route within, when no model is named. */
  tier?: ModelTier;
  /** The output ceiling asked for (clamped to the model's, and by the budget); default: routing's choice. */
  maxOutputTokens?: number;
}

const runChatRequestSchema = z.strictObject({
  messages: z.array(messageSchema).min(1),
  tools: z
    .array(
      z.strictObject({
        name: z.string().min(1),
        description: z.string(),
        inputSchema: z.record(z.string(), z.unknown()),
      }),
    )
    .optional(),
  model: z.string().min(1).optional(),
  tier: z.enum(modelTiers).optional(),
  maxOutputTokens: z.number().int().positive().optional(),
});

/**
 * Checks a chat request from a caller outside the loop before anything is read or written: its shape (a
 * negative or fractional output ceiling, a message without content, an unknown tier) and, when it names a
 * model, that the catalog has it. Throws UsageError naming the first problem, or the catalog's ConfigError.
 *
 * @example
 * ```ts
 * const request = validateRunChatRequest(input, runtime.backends); // throws before the run is opened
 * ```
 */
export function validateRunChatRequest(input: unknown, backends: BackendRegistry): RunChatRequest {
  const parsed = runChatRequestSchema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const key = issue?.path.join(".") || "(request)";
    throw new UsageError(`invalid chat request: ${key}: ${issue?.message ?? "invalid"}`);
  }
  if (parsed.data.model !== undefined) backends.resolve(parsed.data.model);
  return parsed.data as RunChatRequest;
}
