import { ToolError } from "../core/errors/index.js";
import type { AnyTool } from "../tools/tool.js";

/**
 * The one place model-written tool arguments are parsed: JSON first, then the tool's schema. Anything
 * wrong becomes a ToolError the model reads, never an exception that ends the run.
 */
export function parseToolArguments(tool: AnyTool, raw: string): unknown {
  let value: unknown;
  try {
    value = raw.trim() === "" ? {} : JSON.parse(raw);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new ToolError(
      "invalid_arguments",
      `arguments for ${tool.name} are not valid JSON (${reason}); send a JSON object`,
    );
  }
  const parsed = tool.inputSchema.safeParse(value);
  if (!parsed.success) {
    const details = parsed.error.issues
      .slice(0, 3)
      .map((issue) => `${issue.path.join(".") || "(arguments)"}: ${issue.message}`)
      .join("; ");
    throw new ToolError("invalid_arguments", `invalid arguments for ${tool.name}: ${details}`);
  }
  return parsed.data;
}
