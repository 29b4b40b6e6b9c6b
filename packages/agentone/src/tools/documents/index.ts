import type { AnyTool } from "../tool.js";
import { type DocumentToolOptions, defaultMaxDocumentBytes } from "./document-tool-options.js";
import { createDocumentLoader } from "./load-document.js";
import { createReadDocumentTool } from "./read-document.js";
import { createSummarizeDocumentTool } from "./summarize-document.js";

export { type DocumentFormat, documentFormat } from "./document-format.js";
export { type DocumentToolOptions, defaultMaxDocumentBytes } from "./document-tool-options.js";
export { createDocumentLoader, type DocumentLoader, type LoadedDocument } from "./load-document.js";
export {
  createReadDocumentTool,
  defaultWindowTokens,
  maxWindowTokens,
  type ReadDocumentInput,
} from "./read-document.js";
export { type DocumentWindow, splitIntoWindows } from "./split-windows.js";
export {
  createSummarizeDocumentTool,
  maxSummaryParts,
  type SummarizeDocumentInput,
  summaryPartTokens,
} from "./summarize-document.js";

/**
 * The document tools, sharing one loader (and its small cache of extracted text): `read_document` and
 * `summarize_document`. Both only read, within the workspace.
 *
 * @example
 * ```ts
 * const tools = createDocumentTools({ tokenCounter: await loadTokenCounter() });
 * tools.map((tool) => tool.name); // ["read_document", "summarize_document"]
 * ```
 */
export function createDocumentTools(options: DocumentToolOptions): AnyTool[] {
  const load = createDocumentLoader({ maxFileBytes: options.maxFileBytes ?? defaultMaxDocumentBytes });
  return [
    createReadDocumentTool({ load, tokenCounter: options.tokenCounter }),
    createSummarizeDocumentTool({ load, tokenCounter: options.tokenCounter }),
  ];
}
