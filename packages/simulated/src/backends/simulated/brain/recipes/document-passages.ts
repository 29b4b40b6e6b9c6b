import type { ConversationView } from "../conversation-view.js";

/** A sentence or a table cell of a document, with where it was read. */
export interface Passage {
  path: string;
  /** Line number when the document was read with line numbers (read_file). */
  line: number | null;
  /** Page number when the document is a PDF read with read_document. */
  page: number | null;
  text: string;
  /** The nearest heading above it. */
  heading: string;
  isHeading: boolean;
}

interface SourceLine {
  line: number | null;
  page: number | null;
  text: string;
}

/** A document's lines as read, whether with read_file (numbered) or read_document (paged). */
function documentLines(view: ConversationView): Map<string, SourceLine[]> {
  const documents = new Map<string, SourceLine[]>();
  for (const call of view.calls) {
    if (call.isError) continue;
    const path = String(call.arguments?.path ?? "");
    const lines = documents.get(path) ?? [];
    if (call.name === "read_file") {
      for (const entry of call.result.split("\n").slice(1)) {
        const match = /^(\d+): (.*)$/.exec(entry);
        if (match) lines.push({ line: Number(match[1]), page: null, text: stripTags(match[2] ?? "") });
      }
    } else if (call.name === "read_document") {
      let page: number | null = null;
      for (const text of call.result.split("\n").slice(1)) {
        const marker = /^--- page (\d+) ---$/.exec(text.trim());
        if (marker) page = Number(marker[1]);
        else if (!/^\[(end of document|\d+ more window)/.test(text)) lines.push({ line: null, page, text });
      }
    } else continue;
    documents.set(path, lines);
  }
  return documents;
}

function stripTags(text: string): string {
  return text
    .replace(/<[^>]+>/g, " ")
    .replace(/&nbsp;/g, " ")
    .replace(/&amp;/g, "&")
    .replace(/[ \t]+/g, " ")
    .trim();
}

/** Table cells of a block of rows: "row label, column header: cell", one passage per cell. */
function tableCells(rows: readonly SourceLine[], context: { path: string; heading: string }): Passage[] {
  const split = (text: string) =>
    text.includes("|")
      ? text
          .split("|")
          .map((cell) => cell.trim())
          .filter((_cell, index, all) => index > 0 && index < all.length - 1)
      : text.trim().split(/\s{2,}/);
  const [header, ...body] = rows.filter((row) => !/^\s*\|?[\s:|-]+\|?\s*$/.test(row.text));
  if (!header) return [];
  const columns = split(header.text);
  return body.flatMap((row) => {
    const cells = split(row.text);
    return cells.slice(1).map((cell, index) => ({
      path: context.path,
      line: row.line,
      page: row.page,
      text: `${cells[0] ?? ""}, ${columns[index + 1] ?? ""}: ${cell}`,
      heading: context.heading,
      isHeading: false,
    }));
  });
}

const isTableRow = (text: string) => /^\s*\|.*\|\s*$/.test(text) || text.trim().split(/\s{2,}/).length >= 3;
const isHeadingLine = (text: string) => /^#{1,6}\s/.test(text);
const startsBlock = (text: string) => /^\s*([-*]|\d+\.)\s|^[A-Z]\.\d+\s|^\d+\.\d+\s/.test(text);

/** Splits a paragraph into sentences, each starting on the line where it begins. */
function sentences(block: readonly SourceLine[], context: { path: string; heading: string }): Passage[] {
  const passages: Passage[] = [];
  let current: { start: SourceLine; text: string } | null = null;
  for (const line of block) {
    const parts = line.text.trim().split(/(?<=[.!?;])\s+(?=[A-Z(`"])/);
    parts.forEach((part, index) => {
      if (current && index === 0) current.text += ` ${part}`;
      else {
        if (current)
          passages.push({
            ...context,
            line: current.start.line,
            page: current.start.page,
            text: current.text,
            isHeading: false,
          });
        current = { start: line, text: part };
      }
      if (/[.!?]$/.test(part) && current) {
        passages.push({
          ...context,
          line: current.start.line,
          page: current.start.page,
          text: current.text,
          isHeading: false,
        });
        current = null;
      }
    });
  }
  const last = current as { start: SourceLine; text: string } | null;
  if (last)
    passages.push({
      ...context,
      line: last.start.line,
      page: last.start.page,
      text: last.text,
      isHeading: false,
    });
  return passages;
}

/**
 * The passages of every document read: sentences (wrapped lines joined), headings, and table cells (HTML
 * tables as read_document renders them, Markdown tables), each with its file, line or page, and heading.
 */
export function documentPassages(view: ConversationView): Passage[] {
  const passages: Passage[] = [];
  for (const [path, lines] of documentLines(view)) {
    let heading = "";
    let block: SourceLine[] = [];
    let table: SourceLine[] = [];
    const flush = () => {
      if (block.length > 0) passages.push(...sentences(block, { path, heading }));
      if (table.length > 0) passages.push(...tableCells(table, { path, heading }));
      block = [];
      table = [];
    };
    let inCode = false;
    for (const line of lines) {
      const text = line.text;
      // Code blocks are examples, not statements: they answer nothing on their own.
      if (/^\s*```/.test(text)) {
        inCode = !inCode;
        flush();
        continue;
      }
      if (inCode) continue;
      if (text.trim() === "") flush();
      else if (isTableRow(text)) {
        if (block.length > 0) passages.push(...sentences(block, { path, heading }));
        block = [];
        table.push(line);
      } else if (
        isHeadingLine(text) ||
        (line.line === null &&
          text.trim().split(/\s+/).length <= 6 &&
          !/[.:;,]$/.test(text.trim()) &&
          block.length === 0)
      ) {
        flush();
        heading = text.replace(/^#+\s*/, "").trim();
        passages.push({ path, line: line.line, page: line.page, text: heading, heading, isHeading: true });
      } else {
        if (startsBlock(text)) flush();
        if (table.length > 0) flush();
        block.push(line);
      }
    }
    flush();
  }
  return passages;
}

/**
 * Documents that say they are out of date: last updated before the newest year any document read
 * mentions, or last reviewed for a version older than the newest one the goal names.
 */
export function staleDocuments(passages: readonly Passage[], goal = ""): Set<string> {
  const years = passages.flatMap((passage) =>
    [...passage.text.matchAll(/\b(20\d\d)\b/g)].map((match) => Number(match[1])),
  );
  const newest = Math.max(0, ...years);
  const version = (text: string) => {
    const [, major = "0", minor = "0"] = /(\d+)\.(\d+)/.exec(text) ?? [];
    return Number(major) * 1000 + Number(minor);
  };
  const newestVersion = Math.max(0, ...[...goal.matchAll(/\b\d+\.\d+\b/g)].map((match) => version(match[0])));
  const stale = new Set<string>();
  for (const passage of passages) {
    const updated = /last (?:updated|reviewed|revised)\W+(?:\w+\s+)?(20\d\d)/i.exec(passage.text)?.[1];
    if (updated && Number(updated) < newest) stale.add(passage.path);
    const reviewedFor = /last (?:updated|reviewed|revised) for [^.\n]*?\b(\d+\.\d+)\b/i.exec(
      passage.text,
    )?.[1];
    if (reviewedFor && version(reviewedFor) < newestVersion) stale.add(passage.path);
  }
  return stale;
}
