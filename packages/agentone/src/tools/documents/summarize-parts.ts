import type { NestedModelRequest } from "../tool.js";
import { type DocumentWindow, describePages } from "./split-windows.js";
import {
  combineInstructions,
  partInstructions,
  type SummaryContext,
  wholeDocumentInstructions,
} from "./summary-prompts.js";

const partOutputTokens = 600;
const summaryOutputTokens = 1200;

/** Makes one nested model call; the caller adds the purpose and checks for cancellation. */
export type SummaryCall = (request: Omit<NestedModelRequest, "purpose">) => Promise<string>;

/**
 * Summarizes a document given as windows: one call when it fits in one window; otherwise one call per
 * window (map), in order, then one call combining the part summaries (reduce). Nothing is caught, so
 * the first error ends it.
 *
 * @example
 * ```ts
 * const summary = await summarizeParts({ windows, context: summaryContext, call });
 * ```
 */
export async function summarizeParts(options: {
  windows: readonly DocumentWindow[];
  context: SummaryContext;
  call: SummaryCall;
}): Promise<string> {
  const { windows, context, call } = options;
  const [only] = windows;
  if (only && windows.length === 1) {
    return call({
      instructions: wholeDocumentInstructions(context),
      input: only.text,
      maxOutputTokens: summaryOutputTokens,
    });
  }
  const parts: string[] = [];
  for (const window of windows) {
    const pages = describePages(window.pages);
    const part = await call({
      instructions: partInstructions({ context, part: window.index + 1, parts: windows.length, pages }),
      input: window.text,
      maxOutputTokens: partOutputTokens,
    });
    parts.push(`## Part ${window.index + 1}${pages ? ` (${pages})` : ""}\n${part.trim()}`);
  }
  return call({
    instructions: combineInstructions(context, windows.length),
    input: parts.join("\n\n"),
    maxOutputTokens: summaryOutputTokens,
  });
}
