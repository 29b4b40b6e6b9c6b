import { z } from "zod";
import type { TokenCounter } from "../../backends/token-counter.js";
import { ToolError } from "../../core/errors/index.js";
import type { NestedModelRequest, Tool, ToolContext } from "../tool.js";
import type { DocumentLoader } from "./load-document.js";
import { describePages, documentWindows } from "./split-windows.js";
import { summarizeParts } from "./summarize-parts.js";
import type { SummaryContext } from "./summary-prompts.js";

/** Size of the parts summarized one model call each. */
export const summaryPartTokens = 6000;
/** More parts than this (about 240,000 tokens) would cost too much; such documents are refused. */
export const maxSummaryParts = 40;

const summarizeDocumentInputSchema = z.object({
  path: z
    .string()
    .describe(
      "Document to summarize (text, Markdown, CSV, JSON, log, HTML or PDF), relative to the workspace root.",
    ),
  focus: z
    .string()
    .max(500)
    .optional()
    .describe("What the summary should concentrate on, e.g. 'the cost figures' (optional)."),
});

export type SummarizeDocumentInput = z.output<typeof summarizeDocumentInputSchema>;

function modelOf(context: ToolContext): (request: NestedModelRequest) => Promise<string> {
  if (!context.completeText) {
    throw new ToolError(
      "failed",
      "summarize_document needs a model; this runtime gives tools no model to call. Read the document with read_document instead.",
    );
  }
  return context.completeText;
}

/**
 * Creates `summarize_document`: loads the whole document, summarizes each part of about 6,000 tokens
 * with a nested model call (`context.completeText`, charged to the run), then combines the part
 * summaries in one more call. Parts are summarized one after another, and the first error (a budget
 * breach, a kill, a failed call) stops the tool and propagates unchanged, so the engine sees it.
 *
 * @example
 * ```ts
 * const tool = createSummarizeDocumentTool({ load, tokenCounter });
 * (await tool.execute({ path: "report.pdf", focus: "risks" }, context)).content;
 * // "Summary of report.pdf (3 parts, 15210 tokens, pages 1–12):\n\n..."
 * ```
 */
export function createSummarizeDocumentTool(options: {
  load: DocumentLoader;
  tokenCounter: TokenCounter;
}): Tool<SummarizeDocumentInput> {
  return {
    name: "summarize_document",
    description:
      "Summarize a whole document from the workspace (text, Markdown, CSV, JSON, logs, HTML or PDF), " +
      "optionally focused on a topic. Costs model calls from the run's budget: one per ~6,000 tokens of " +
      "document, plus one to combine.",
    inputSchema: summarizeDocumentInputSchema,
    idempotent: true,
    sideEffect: "none",
    requiresApproval: false,
    makesModelCalls: true,
    async execute(input, context) {
      const complete = modelOf(context);
      const document = await options.load({
        workspaceRoot: context.workspaceRoot,
        path: input.path,
        signal: context.signal,
      });
      const windows = documentWindows({
        document,
        counter: options.tokenCounter,
        windowTokens: summaryPartTokens,
      });
      const totalTokens = windows.at(-1)?.endToken ?? 0;
      const shown = JSON.stringify(document.relative);
      if (totalTokens === 0) throw new ToolError("failed", `${shown} has no text to summarize.`);
      if (windows.length > maxSummaryParts) {
        throw new ToolError(
          "too_large",
          `${shown} has about ${totalTokens} tokens, more than summarize_document handles ` +
            `(${maxSummaryParts * summaryPartTokens}). Read the parts you need with read_document instead.`,
        );
      }
      const summaryContext: SummaryContext = {
        relative: document.relative,
        focus: input.focus,
        paged: document.format === "pdf",
      };
      const call = (request: Omit<NestedModelRequest, "purpose">) => {
        context.signal.throwIfAborted();
        return complete({ purpose: "summarize_document", ...request });
      };
      const summary = await summarizeParts({ windows, context: summaryContext, call });
      const firstPage = windows[0]?.pages?.first;
      const lastPage = windows.at(-1)?.pages?.last;
      const pages =
        firstPage === undefined || lastPage === undefined
          ? ""
          : describePages({ first: firstPage, last: lastPage });
      const modelCalls = windows.length === 1 ? 1 : windows.length + 1;
      const partCount = `${windows.length} part${windows.length === 1 ? "" : "s"}`;
      return {
        content: `Summary of ${document.relative} (${partCount}, ${totalTokens} tokens${pages ? `, ${pages}` : ""}):\n\n${summary.trim()}`,
        metadata: {
          path: document.relative,
          format: document.format,
          parts: windows.length,
          modelCalls,
          totalTokens,
        },
      };
    },
  };
}
