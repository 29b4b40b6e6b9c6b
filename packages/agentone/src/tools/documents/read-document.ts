import { z } from "zod";
import type { TokenCounter } from "../../backends/token-counter.js";
import { ToolError } from "../../core/errors/index.js";
import type { Tool } from "../tool.js";
import type { DocumentLoader } from "./load-document.js";
import { type DocumentWindow, describePages, documentWindows } from "./split-windows.js";

/** Default and largest window sizes, in tokens. */
export const defaultWindowTokens = 2000;
export const maxWindowTokens = 8000;

const readDocumentInputSchema = z.object({
  path: z
    .string()
    .describe(
      "Document to read (text, Markdown, CSV, JSON, log, HTML or PDF), relative to the workspace root.",
    ),
  window: z
    .number()
    .int()
    .min(0)
    .default(0)
    .describe("Which window to read, counting from 0. The output says how many windows there are."),
  windowTokens: z
    .number()
    .int()
    .min(100)
    .max(maxWindowTokens)
    .default(defaultWindowTokens)
    .describe("Size of a window in tokens. Keep it the same while paging through one document."),
});

export type ReadDocumentInput = z.output<typeof readDocumentInputSchema>;

function nextHint(options: {
  relative: string;
  window: DocumentWindow;
  count: number;
  windowTokens: number;
}): string {
  const { relative, window, count, windowTokens } = options;
  if (window.index + 1 >= count) return `[end of document: this was the last window (${count} of ${count})]`;
  const size = windowTokens === defaultWindowTokens ? "" : `, windowTokens=${windowTokens}`;
  return (
    `[${count - window.index - 1} more window(s); to read on, call read_document with ` +
    `path=${JSON.stringify(relative)}, window=${window.index + 1}${size}]`
  );
}

/**
 * Creates `read_document`: reads a document a window of about `windowTokens` tokens at a time, with a
 * header naming the window, its token range and (for PDFs) its pages, and a hint for the next window.
 *
 * @example
 * ```ts
 * const tool = createReadDocumentTool({ load, tokenCounter });
 * (await tool.execute(tool.inputSchema.parse({ path: "report.pdf" }), context)).content;
 * // "report.pdf — window 1 of 3 (tokens 0–1998 of 5210), pages 1–2\n\n--- page 1 ---\n..."
 * ```
 */
export function createReadDocumentTool(options: {
  load: DocumentLoader;
  tokenCounter: TokenCounter;
}): Tool<ReadDocumentInput> {
  return {
    name: "read_document",
    description:
      "Read a document from the workspace as text: plain text, Markdown, CSV, JSON, logs, HTML (converted " +
      "to text, links kept) or PDF (text extracted, pages marked '--- page N ---'). Long documents come in " +
      "windows of about windowTokens tokens; the output says how many there are and how to read the next.",
    inputSchema: readDocumentInputSchema,
    idempotent: true,
    sideEffect: "none",
    requiresApproval: false,
    async execute(input, context) {
      const document = await options.load({
        workspaceRoot: context.workspaceRoot,
        path: input.path,
        signal: context.signal,
      });
      const windows = documentWindows({
        document,
        counter: options.tokenCounter,
        windowTokens: input.windowTokens,
      });
      const count = windows.length;
      const window = windows[input.window];
      if (!window) {
        throw new ToolError(
          "invalid_arguments",
          `Window ${input.window} is out of range: ${JSON.stringify(document.relative)} has ${count} ` +
            `window(s) of about ${input.windowTokens} tokens, numbered 0 to ${count - 1}.`,
        );
      }
      const total = windows.at(-1)?.endToken ?? 0;
      const header =
        `${document.relative} — window ${window.index + 1} of ${count} ` +
        `(tokens ${window.startToken}–${window.endToken} of ${total})${window.pages ? `, ${describePages(window.pages)}` : ""}`;
      const body =
        window.text.trim() === ""
          ? "(no text: the document is empty or has no extractable text)"
          : window.text.trimEnd();
      const hint = nextHint({ relative: document.relative, window, count, windowTokens: input.windowTokens });
      return {
        content: `${header}\n\n${body}\n\n${hint}`,
        metadata: {
          path: document.relative,
          format: document.format,
          window: window.index,
          windows: count,
          startToken: window.startToken,
          endToken: window.endToken,
          totalTokens: total,
          ...(window.pages ? { firstPage: window.pages.first, lastPage: window.pages.last } : {}),
        },
      };
    },
  };
}
