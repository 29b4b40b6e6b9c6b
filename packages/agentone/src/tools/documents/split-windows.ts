import type { TokenCounter } from "../../backends/token-counter.js";
import { pageMarkerPattern } from "./extract-pdf-text.js";

/** A stretch of a document of about `windowTokens` tokens. */
export interface DocumentWindow {
  /** 0-based. */
  index: number;
  text: string;
  /** Token offsets in the whole document: [startToken, endToken). */
  startToken: number;
  endToken: number;
  /** The PDF pages the window covers; absent for documents without pages. */
  pages?: { first: number; last: number };
}

interface Piece {
  text: string;
  tokens: number;
  /** The page the piece is on, and whether it carries content (not blank, not a page marker). */
  page: number | undefined;
  content: boolean;
}

/** Halves a piece (at a space when one is near) until every part fits. */
function splitToFit(
  text: string,
  options: { counter: TokenCounter; limit: number },
): { text: string; tokens: number }[] {
  const tokens = options.counter.count(text);
  if (tokens <= options.limit || text.length < 2) return [{ text, tokens }];
  let middle = Math.floor(text.length / 2);
  const space = text.lastIndexOf(" ", middle);
  if (space > text.length / 4) middle = space + 1;
  // Never split a surrogate pair.
  const code = text.charCodeAt(middle - 1);
  if (code >= 0xd800 && code <= 0xdbff) middle += 1;
  if (middle >= text.length) return [{ text, tokens }];
  return [...splitToFit(text.slice(0, middle), options), ...splitToFit(text.slice(middle), options)];
}

function toPieces(options: { text: string; counter: TokenCounter; limit: number; paged: boolean }): Piece[] {
  const pieces: Piece[] = [];
  let page: number | undefined = options.paged ? 1 : undefined;
  for (const line of options.text.match(/[^\n]*\n|[^\n]+$/g) ?? []) {
    const marker = options.paged ? pageMarkerPattern.exec(line.trimEnd()) : null;
    if (marker) page = Number(marker[1]);
    const content = marker === null && line.trim() !== "";
    for (const part of splitToFit(line, options)) pieces.push({ ...part, page, content });
  }
  return pieces;
}

function pageRange(pieces: readonly Piece[]): DocumentWindow["pages"] {
  const withContent = pieces.filter((piece) => piece.content);
  const pages = (withContent.length > 0 ? withContent : pieces).flatMap((piece) =>
    piece.page === undefined ? [] : [piece.page],
  );
  if (pages.length === 0) return undefined;
  return { first: Math.min(...pages), last: Math.max(...pages) };
}

/**
 * Names a page range for people and models: "page 3", "pages 1–2", or "" when there are no pages.
 *
 * @example
 * ```ts
 * describePages({ first: 1, last: 2 }); // "pages 1–2"
 * ```
 */
export function describePages(pages: DocumentWindow["pages"]): string {
  if (!pages) return "";
  return pages.first === pages.last ? `page ${pages.first}` : `pages ${pages.first}–${pages.last}`;
}

/**
 * Splits a document's text into consecutive windows of at most about `windowTokens` tokens, cutting at
 * line ends where it can (inside a long line, at a space). With `paged`, page markers are tracked so
 * each window knows its pages. An empty text gives one empty window.
 *
 * @example
 * ```ts
 * const windows = splitIntoWindows({ text, counter, windowTokens: 2000, paged: true });
 * windows[0]; // { index: 0, text: "--- page 1 ---\n...", startToken: 0, endToken: 1987, pages: { first: 1, last: 2 } }
 * ```
 */
export function splitIntoWindows(options: {
  text: string;
  counter: TokenCounter;
  windowTokens: number;
  paged: boolean;
}): DocumentWindow[] {
  const pieces = toPieces({ ...options, limit: options.windowTokens });
  const windows: DocumentWindow[] = [];
  let current: Piece[] = [];
  let currentTokens = 0;
  let startToken = 0;
  const flush = () => {
    const pages = pageRange(current);
    windows.push({
      index: windows.length,
      text: current.map((piece) => piece.text).join(""),
      startToken,
      endToken: startToken + currentTokens,
      ...(pages ? { pages } : {}),
    });
    startToken += currentTokens;
    current = [];
    currentTokens = 0;
  };
  for (const piece of pieces) {
    if (current.length > 0 && currentTokens + piece.tokens > options.windowTokens) flush();
    current.push(piece);
    currentTokens += piece.tokens;
  }
  if (current.length > 0 || windows.length === 0) flush();
  return windows;
}

/**
 * The windows of a loaded document for a window size, split once and then remembered.
 *
 * @example
 * ```ts
 * const windows = documentWindows({ document, counter, windowTokens: 2000 });
 * ```
 */
export function documentWindows(options: {
  document: { text: string; format: string; windowsBySize: Map<number, DocumentWindow[]> };
  counter: TokenCounter;
  windowTokens: number;
}): DocumentWindow[] {
  const { document, windowTokens } = options;
  let windows = document.windowsBySize.get(windowTokens);
  if (!windows) {
    windows = splitIntoWindows({
      text: document.text,
      counter: options.counter,
      windowTokens,
      paged: document.format === "pdf",
    });
    document.windowsBySize.set(windowTokens, windows);
  }
  return windows;
}
