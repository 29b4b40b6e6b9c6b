import type { ToolDefinition } from "agentone";
import { z } from "zod";

/** Tools in the `{type: "function", function: {...}}` shape that OpenAI and Ollama share. */
export const functionToolsSchema = z.array(
  z.looseObject({
    type: z.literal("function"),
    function: z.looseObject({
      name: z.string().min(1),
      description: z.string().nullish(),
      parameters: z.record(z.string(), z.unknown()).nullish(),
    }),
  }),
);

export function toToolDefinitions(
  tools: z.infer<typeof functionToolsSchema> | null | undefined,
): ToolDefinition[] {
  return (tools ?? []).map((tool) => ({
    name: tool.function.name,
    description: tool.function.description ?? "",
    inputSchema: tool.function.parameters ?? { type: "object", properties: {} },
  }));
}
