import type { TokenCounter } from "../../backends/token-counter.js";

/** What the document tools need from the runtime. */
export interface DocumentToolOptions {
  /** Splits documents into windows of about N tokens (the runtime's counter, see `loadTokenCounter`). */
  tokenCounter: TokenCounter;
  /** Largest document file read. Default 20 MB. */
  maxFileBytes?: number;
}

/** Default for `maxFileBytes`: 20 MB. */
export const defaultMaxDocumentBytes = 20 * 1024 * 1024;
