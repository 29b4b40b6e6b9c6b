import { readFile, stat } from "node:fs/promises";
import { ToolError } from "../../core/errors/index.js";
import { toFileSystemToolError } from "../workspace/file-system-error.js";
import { resolveWorkspacePath } from "../workspace/workspace-path.js";
import { decodeDocumentText } from "./decode-document-text.js";
import { type DocumentFormat, documentFormat } from "./document-format.js";
import { extractHtmlText } from "./extract-html-text.js";
import { extractPdfText } from "./extract-pdf-text.js";
import type { DocumentWindow } from "./split-windows.js";

/** A document's text, with its windows memoized per window size. */
export interface LoadedDocument {
  relative: string;
  format: DocumentFormat;
  text: string;
  windowsBySize: Map<number, DocumentWindow[]>;
}

export interface LoadDocumentRequest {
  workspaceRoot: string;
  path: string;
  signal: AbortSignal;
}

/** Loads documents from the workspace; one loader is shared by the document tools of one runtime. */
export type DocumentLoader = (request: LoadDocumentRequest) => Promise<LoadedDocument>;

// Paging through a PDF calls read_document once per window; extracting it each time would be wasteful.
const cachedDocuments = 2;

async function extractText(options: { bytes: Buffer; relative: string; signal: AbortSignal }): Promise<{
  format: DocumentFormat;
  text: string;
}> {
  const format = documentFormat(options.relative);
  if (format === "pdf") return { format, text: await extractPdfText(options) };
  const decoded = decodeDocumentText({ ...options, format });
  return { format, text: format === "html" ? await extractHtmlText(decoded) : decoded };
}

/**
 * Creates a document loader: it jails the path to the workspace, refuses directories, special files and
 * files over `maxFileBytes` (`too_large`), and extracts the text by format. The last two documents
 * loaded are kept, keyed by path, size and modification time, so a changed file is read again.
 *
 * @example
 * ```ts
 * const load = createDocumentLoader({ maxFileBytes: 20 * 1024 * 1024 });
 * const document = await load({ workspaceRoot, path: "docs/report.pdf", signal });
 * ```
 */
export function createDocumentLoader(options: { maxFileBytes: number }): DocumentLoader {
  const cache = new Map<string, LoadedDocument>();
  return async (request) => {
    request.signal.throwIfAborted();
    const target = await resolveWorkspacePath({
      root: request.workspaceRoot,
      path: request.path,
      purpose: "read",
    });
    const shown = JSON.stringify(target.relative);
    const fileSystem = async <Result>(operation: () => Promise<Result>) => {
      try {
        return await operation();
      } catch (error) {
        throw toFileSystemToolError(error, target.relative);
      }
    };
    const info = await fileSystem(() => stat(target.absolute));
    if (info.isDirectory()) throw new ToolError("not_a_file", `${shown} is a directory, not a document.`);
    if (!info.isFile()) throw new ToolError("not_a_file", `${shown} is not a regular file.`);
    if (info.size > options.maxFileBytes) {
      throw new ToolError(
        "too_large",
        `${shown} is ${info.size} bytes, over the ${options.maxFileBytes}-byte limit for documents.`,
      );
    }
    const key = `${target.absolute}\0${info.size}\0${info.mtimeMs}`;
    const cached = cache.get(key);
    if (cached) return cached;
    const bytes = await fileSystem(() => readFile(target.absolute));
    const extracted = await extractText({ bytes, relative: target.relative, signal: request.signal });
    const document: LoadedDocument = { relative: target.relative, ...extracted, windowsBySize: new Map() };
    cache.set(key, document);
    for (const oldest of cache.keys()) if (cache.size > cachedDocuments) cache.delete(oldest);
    return document;
  };
}
