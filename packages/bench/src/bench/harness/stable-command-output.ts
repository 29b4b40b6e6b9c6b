import type { AnyTool } from "agentone";

/** TAP's per-test and summary durations: `duration_ms: 5.73` and `# duration_ms 123.4`. */
const tapDuration = /^(\s*#?\s*duration_ms:?\s+)\d+(?:\.\d+)?\s*$/gm;
/** The spec reporter's `✔ name (5.73ms)`. */
const specDuration = /\(\d+(?:\.\d+)?ms\)/g;

/**
 * A command's output as the bench shows it: test timings replaced by 0, and the workspace's absolute path
 * made relative (`file:///tmp/x/test/a.test.js:3:7` and `/tmp/x/test/a.test.js` become `test/a.test.js`,
 * the way every other tool names files). Simulated models answer as a function of everything they read, so
 * a timing that differs by a microsecond, or a workspace path that differs between runs or policies, would
 * make them act differently; no task depends on either.
 *
 * @example
 * ```ts
 * stabilizeCommandOutput("at (file:///tmp/w/test/a.js:3:7)\n  duration_ms: 5.73", { workspaceRoot: "/tmp/w" });
 * // "at (test/a.js:3:7)\n  duration_ms: 0"
 * ```
 */
export function stabilizeCommandOutput(text: string, options: { workspaceRoot: string }): string {
  const root = options.workspaceRoot.replace(/\/+$/, "").replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  return (
    text
      .replace(tapDuration, "$10")
      .replace(specDuration, "(0ms)")
      .replace(new RegExp(`(?:file://)?${root}/`, "g"), "")
      // The root itself, but not a longer name that starts with it (a sibling folder).
      .replace(new RegExp(`${root}(?![\\w.-])`, "g"), ".")
  );
}

/**
 * The tool with its output stabilized (see {@link stabilizeCommandOutput}); everything else, metadata
 * included, as it was.
 *
 * @example
 * ```ts
 * const tools = createShellTools({ allowlist }).map(withStableCommandOutput);
 * ```
 */
export function withStableCommandOutput(tool: AnyTool): AnyTool {
  return {
    ...tool,
    async execute(input, context) {
      const output = await tool.execute(input, context);
      return { ...output, content: stabilizeCommandOutput(output.content, context) };
    },
  };
}
