/** Longest tool name the model APIs accept (OpenAI and Anthropic both stop at 64). */
export const maxToolNameLength = 64;

/**
 * The name the model sees for a server's tool: `<server>__<tool>`, with every character outside
 * `[a-zA-Z0-9_-]` replaced by `_` and cut to 64 characters. Two tools can end up with one name; the
 * caller must check for collisions.
 *
 * @example
 * ```ts
 * mcpToolName({ server: "github", tool: "issues.list" }); // "github__issues_list"
 * ```
 */
export function mcpToolName(input: { server: string; tool: string }): string {
  const name = `${input.server}__${input.tool}`.replace(/[^a-zA-Z0-9_-]/g, "_");
  return name.slice(0, maxToolNameLength);
}
