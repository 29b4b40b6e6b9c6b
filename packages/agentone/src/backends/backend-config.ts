import { z } from "zod";

/** The wire protocols AgentOne speaks. */
export const protocols = ["openai", "anthropic", "ollama"] as const;
export type Protocol = (typeof protocols)[number];

/**
 * One configured backend: a name models refer to, the protocol it speaks, where it is, and its key. The
 * key is a secret: it is never written to events, reports, logs or error messages.
 */
export const backendConfigSchema = z
  .object({
    name: z.string().regex(/^[a-z][a-z0-9-]*$/, "use lower-case letters, digits and dashes"),
    protocol: z.enum(protocols),
    baseUrl: z.url(),
    apiKey: z.string().min(1).optional(),
    /** Use streaming for every call to this backend. */
    stream: z.boolean().default(false),
  })
  .strict();

export type BackendConfig = z.output<typeof backendConfigSchema>;
