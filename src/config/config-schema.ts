import { z } from "zod";
import { protocols } from "../backends/backend-config.js";
import { modelTiers } from "../backends/model-spec.js";
import { routingPolicyInputSchema } from "../core/routing-policy-schema.js";

const price = z.number().nonnegative().finite();

/** A backend declared in agentone.yaml. The key is named by the environment variable holding it, never inline. */
export const fileBackendSchema = z
  .object({
    name: z.string().regex(/^[a-z][a-z0-9-]*$/, "use lower-case letters, digits and dashes"),
    protocol: z.enum(protocols),
    baseUrl: z.url({ protocol: /^https?$/, error: "must be an http or https URL" }),
    apiKeyEnv: z
      .string()
      .regex(/^[A-Z_][A-Z0-9_]*$/, "name an environment variable, e.g. VLLM_API_KEY")
      .optional(),
    stream: z.boolean().default(false),
  })
  .strict();

/** A model declared in agentone.yaml: it must have prices, or be declared free (local runners). */
export const fileModelSchema = z
  .object({
    id: z.string().min(1),
    backend: z.string().min(1),
    remoteId: z.string().min(1).optional(),
    tier: z.enum(modelTiers),
    prices: z
      .object({ input: price, cachedInput: price.optional(), cacheWrite: price.optional(), output: price })
      .strict()
      .optional(),
    free: z.boolean().default(false),
    contextWindow: z.number().int().positive().default(8192),
    maxOutputTokens: z.number().int().positive().default(4096),
    timeToFirstTokenMs: z.number().nonnegative().default(500),
    outputTokensPerSecond: z.number().positive().default(50),
    capabilities: z
      .object({ tools: z.boolean(), json: z.boolean(), seed: z.boolean() })
      .partial()
      .strict()
      .default({}),
  })
  .strict()
  .refine((model) => model.prices !== undefined || model.free, {
    message: "has no prices; give prices (USD per million tokens) or declare `free: true` for a local model",
    path: ["prices"],
  });

/** agentone.yaml. */
export const configFileSchema = z
  .object({
    backends: z.array(fileBackendSchema).default([]),
    models: z.array(fileModelSchema).default([]),
    /** Ask local runners (Ollama, OpenAI-compatible servers other than api.openai.com) which models they serve. */
    discover: z.boolean().default(true),
    /** The routing and reliability policy every run starts from (tiers, rules, SLAs, fallback, retries). */
    policy: routingPolicyInputSchema.default({}),
    /** Circuit breaker per backend: consecutive failures that open it, and the cool-down before a probe. */
    circuitBreaker: z
      .object({
        failureThreshold: z.number().int().min(1).default(5),
        coolDownMs: z.number().int().positive().default(30_000),
      })
      .strict()
      .default({ failureThreshold: 5, coolDownMs: 30_000 }),
  })
  .strict();

export type ConfigFile = z.output<typeof configFileSchema>;
export type FileModel = z.output<typeof fileModelSchema>;
