import type { CallToolResult, ContentBlock } from "@modelcontextprotocol/sdk/types.js";

/** Binary payloads arrive base64-encoded: about three bytes for every four characters. */
function decodedSize(base64: string): number {
  const padding = base64.endsWith("==") ? 2 : base64.endsWith("=") ? 1 : 0;
  return Math.max(0, Math.floor((base64.length * 3) / 4) - padding);
}

function blockText(block: ContentBlock): string {
  switch (block.type) {
    case "text":
      return block.text;
    case "image":
    case "audio":
      // The model reads text; a binary payload would only fill its context with base64.
      return `[${block.type}: ${block.mimeType}, ${decodedSize(block.data)} bytes, not shown]`;
    case "resource": {
      const { resource } = block;
      const mime = resource.mimeType ? ` (${resource.mimeType})` : "";
      if ("text" in resource) return `[resource ${resource.uri}${mime}]\n${resource.text}`;
      return `[resource ${resource.uri}${mime}: ${decodedSize(resource.blob)} bytes of binary data, not shown]`;
    }
    case "resource_link": {
      const mime = block.mimeType ? `, ${block.mimeType}` : "";
      return `[resource link: ${block.name} ${block.uri}${mime}]`;
    }
    default: {
      const unknown = block as { type?: unknown };
      return `[unsupported content: ${String(unknown.type)}]`;
    }
  }
}

/**
 * The text the model reads for an MCP tool result: text parts joined by newlines, binary parts described
 * by type, MIME type and size, and the structured content as JSON when there is nothing else. A result
 * in the pre-2024-11 shape (`toolResult`) is shown as JSON.
 *
 * @example
 * ```ts
 * mcpResultText({ content: [{ type: "text", text: "42" }, { type: "image", data: "AAAA", mimeType: "image/png" }] });
 * // "42\n[image: image/png, 3 bytes, not shown]"
 * ```
 */
export function mcpResultText(result: Partial<CallToolResult> & { toolResult?: unknown }): string {
  if (result.content === undefined && "toolResult" in result) return JSON.stringify(result.toolResult);
  const parts = (result.content ?? []).map(blockText);
  if (parts.length === 0 && result.structuredContent !== undefined)
    return JSON.stringify(result.structuredContent);
  return parts.join("\n");
}
