/**
 * Lenient schemas of what the Anthropic Messages API sends back. The SDK's types describe the current API
 * version exactly, but proxies and older servers omit or null fields (`cache_read_input_tokens`,
 * `output_tokens_details`, ...), and unknown block and event types keep appearing. These schemas check only
 * the fields AgentOne reads, strip the rest, and let unknown block and event types through as `other`.
 */
import { z } from "zod";

const tokenCount = z.number().int().nonnegative();

/** `usage` of a message (or of `message_start`): input and output counts are required, the rest optional. */
export const anthropicUsageSchema = z.object({
  input_tokens: tokenCount,
  output_tokens: tokenCount,
  cache_creation_input_tokens: tokenCount.nullish(),
  cache_read_input_tokens: tokenCount.nullish(),
  output_tokens_details: z.object({ thinking_tokens: tokenCount.nullish() }).nullish(),
});
export type AnthropicUsage = z.output<typeof anthropicUsageSchema>;

/** `usage` of `message_delta`: cumulative counts; only `output_tokens` is always present. */
export const anthropicDeltaUsageSchema = anthropicUsageSchema.partial().extend({ output_tokens: tokenCount });
export type AnthropicDeltaUsage = z.output<typeof anthropicDeltaUsageSchema>;

const textBlockSchema = z.object({ type: z.literal("text"), text: z.string() });
const toolUseBlockSchema = z.object({
  type: z.literal("tool_use"),
  id: z.string().min(1),
  name: z.string().min(1),
  input: z.unknown(),
});
const knownBlockTypes: ReadonlySet<string> = new Set(["text", "tool_use"]);

/** Thinking, server-tool and future blocks: AgentOne neither shows nor calls them. */
const otherBlockSchema = z
  .object({ type: z.string().refine((type) => !knownBlockTypes.has(type)) })
  .transform(() => ({ type: "other" as const }));

/** A content block: `text` and `tool_use` are checked (a malformed one is an error), others are `other`. */
export const anthropicContentBlockSchema = z.union([
  z.discriminatedUnion("type", [textBlockSchema, toolUseBlockSchema]),
  otherBlockSchema,
]);
export type AnthropicContentBlock = z.output<typeof anthropicContentBlockSchema>;

/**
 * Why the model refused (`stop_reason: "refusal"`): a policy category and an explanation, either null.
 * Newer servers send it on the message and on `message_delta`; older ones send nothing.
 */
export const anthropicStopDetailsSchema = z.looseObject({
  type: z.string().nullish(),
  category: z.string().nullish(),
  explanation: z.string().nullish(),
});
export type AnthropicStopDetails = z.output<typeof anthropicStopDetailsSchema>;

/** A whole message: the non-streaming response, or the `message` of `message_start`. */
export const anthropicMessageSchema = z.object({
  id: z.string().optional(),
  model: z.string(),
  content: z.array(anthropicContentBlockSchema),
  stop_reason: z.string().nullish(),
  stop_details: anthropicStopDetailsSchema.nullish(),
  usage: anthropicUsageSchema,
});
export type AnthropicMessage = z.output<typeof anthropicMessageSchema>;

const blockDeltaSchema = z.union([
  z.object({ type: z.literal("text_delta"), text: z.string() }),
  z.object({ type: z.literal("input_json_delta"), partial_json: z.string() }),
  // thinking_delta, signature_delta, citations_delta: nothing AgentOne keeps.
  z
    .object({ type: z.string().refine((type) => type !== "text_delta" && type !== "input_json_delta") })
    .transform(() => ({ type: "other" as const })),
]);

const knownEventTypes: ReadonlySet<string> = new Set([
  "message_start",
  "content_block_start",
  "content_block_delta",
  "content_block_stop",
  "message_delta",
  "message_stop",
]);

const knownEventSchema = z.discriminatedUnion("type", [
  z.object({ type: z.literal("message_start"), message: anthropicMessageSchema }),
  z.object({
    type: z.literal("content_block_start"),
    index: z.number().int(),
    content_block: anthropicContentBlockSchema,
  }),
  z.object({ type: z.literal("content_block_delta"), index: z.number().int(), delta: blockDeltaSchema }),
  z.object({ type: z.literal("content_block_stop"), index: z.number().int() }),
  z.object({
    type: z.literal("message_delta"),
    delta: z.object({
      stop_reason: z.string().nullish(),
      stop_details: anthropicStopDetailsSchema.nullish(),
    }),
    usage: anthropicDeltaUsageSchema.nullish(),
  }),
  z.object({ type: z.literal("message_stop") }),
]);

/** A stream event AgentOne reads; `ping` and events it does not know become `{ type: "ignored" }`. */
export const anthropicStreamEventSchema = z.union([
  knownEventSchema,
  z
    .object({ type: z.string().refine((type) => !knownEventTypes.has(type)) })
    .transform(() => ({ type: "ignored" as const })),
]);
export type AnthropicStreamEvent = z.output<typeof anthropicStreamEventSchema>;
