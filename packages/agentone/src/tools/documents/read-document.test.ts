import { mkdir, mkdtemp, realpath, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { PDFDocument, StandardFonts } from "pdf-lib";
import { afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { loadTokenCounter, type TokenCounter } from "../../backends/token-counter.js";
import { RealClock } from "../../core/clock/index.js";
import type { ToolContext } from "../tool.js";
import { createDocumentTools } from "./index.js";

let tokenCounter: TokenCounter;
let base: string;
let root: string;

/** A PDF whose page N holds `linesPerPage` lines naming page N. */
async function createPdf(pages: number, linesPerPage: number): Promise<Uint8Array> {
  const document = await PDFDocument.create();
  const font = await document.embedFont(StandardFonts.Helvetica);
  for (let page = 1; page <= pages; page++) {
    const pdfPage = document.addPage();
    for (let line = 1; line <= linesPerPage; line++) {
      const text = `Page ${page} line ${line}: the quarterly figures rose steadily across regions.`;
      pdfPage.drawText(text, { x: 40, y: 780 - line * 14, font, size: 10 });
    }
  }
  return document.save();
}

beforeAll(async () => {
  tokenCounter = await loadTokenCounter();
});

beforeEach(async () => {
  base = await realpath(await mkdtemp(path.join(tmpdir(), "agentone-documents-")));
  root = path.join(base, "workspace");
  await mkdir(path.join(root, "docs"), { recursive: true });
  await writeFile(path.join(base, "outside.txt"), "top secret\n");
  await writeFile(path.join(root, "docs", "notes.md"), "# Notes\n\nFirst point.\nSecond point.\n");
  await writeFile(
    path.join(root, "docs", "page.html"),
    "<html><head><style>p { color: red }</style><script>steal()</script></head><body>" +
      '<h1>Release</h1><p>Read <a href="https://example.com/changes">the changes</a>.</p>' +
      "<table><tr><th>Version</th><th>Date</th></tr><tr><td>2.0</td><td>May</td></tr></table></body></html>",
  );
  await writeFile(path.join(root, "docs", "report.pdf"), await createPdf(3, 12));
});

afterEach(async () => {
  await rm(base, { recursive: true, force: true });
});

function read(raw: Record<string, unknown>, options: { maxFileBytes?: number } = {}) {
  const [tool] = createDocumentTools({ tokenCounter, ...options });
  if (!tool) throw new Error("no read_document tool");
  const context: ToolContext = {
    workspaceRoot: root,
    signal: new AbortController().signal,
    clock: new RealClock(),
    idempotencyKey: "k",
  };
  return tool.execute(tool.inputSchema.parse(raw), context);
}

async function refusal(raw: Record<string, unknown>, options: { maxFileBytes?: number } = {}) {
  const error = await read(raw, options).then(
    () => undefined,
    (caught: unknown) => caught,
  );
  if (!error) throw new Error("expected a refusal");
  return error as Error & { reason: string };
}

describe("read_document", () => {
  it("reads Markdown as text with a header and an end marker", async () => {
    const text = "# Notes\n\nFirst point.\nSecond point.\n";
    const tokens = tokenCounter.count("# Notes\n") + tokenCounter.count("\n");
    const total = tokens + tokenCounter.count("First point.\n") + tokenCounter.count("Second point.\n");
    const output = await read({ path: "docs/notes.md" });
    expect(output.content).toBe(
      `docs/notes.md — window 1 of 1 (tokens 0–${total} of ${total})\n\n${text.trimEnd()}\n\n` +
        "[end of document: this was the last window (1 of 1)]",
    );
    expect(output.metadata).toMatchObject({ path: "docs/notes.md", format: "text", windows: 1 });
  });

  it("converts HTML to text, dropping scripts and styles and keeping link targets", async () => {
    const output = await read({ path: "docs/page.html" });
    expect(output.content).toContain("Release");
    expect(output.content).toContain("Read the changes [https://example.com/changes].");
    expect(output.content).toMatch(/Version +Date\n2\.0 +May/);
    expect(output.content).not.toContain("steal");
    expect(output.content).not.toContain("color");
  });

  it("extracts PDF text page by page with page markers", async () => {
    const output = await read({ path: "docs/report.pdf", windowTokens: 8000 });
    const header = output.content.split("\n")[0];
    expect(header).toMatch(/^docs\/report\.pdf — window 1 of 1 \(tokens 0–\d+ of \d+\), pages 1–3$/);
    const markers = output.content.match(/^--- page \d+ ---$/gm);
    expect(markers).toEqual(["--- page 1 ---", "--- page 2 ---", "--- page 3 ---"]);
    expect(output.content).toContain(
      "--- page 2 ---\nPage 2 line 1: the quarterly figures rose steadily across regions.",
    );
    expect(output.metadata).toMatchObject({ format: "pdf", firstPage: 1, lastPage: 3 });
  });

  it("pages through a PDF window by window, following the hints", async () => {
    const first = await read({ path: "docs/report.pdf", windowTokens: 200 });
    const count = Number(/window 1 of (\d+)/.exec(first.content)?.[1]);
    expect(count).toBeGreaterThan(2);
    expect(first.content.split("\n")[0]).toMatch(/\(tokens 0–\d+ of \d+\), page 1$/);
    expect(first.content).toContain(
      'call read_document with path="docs/report.pdf", window=1, windowTokens=200]',
    );
    let text = "";
    let previousEnd = 0;
    for (let window = 0; window < count; window++) {
      const output = await read({ path: "docs/report.pdf", window, windowTokens: 200 });
      const metadata = output.metadata as { startToken: number; endToken: number };
      expect(metadata.startToken).toBe(previousEnd);
      expect(metadata.endToken - metadata.startToken).toBeLessThanOrEqual(200);
      previousEnd = metadata.endToken;
      text += output.content;
    }
    expect(text.match(/^--- page \d+ ---$/gm)).toEqual([
      "--- page 1 ---",
      "--- page 2 ---",
      "--- page 3 ---",
    ]);
    expect(text).toContain(`[end of document: this was the last window (${count} of ${count})]`);
  });

  it("refuses a window out of range, naming the valid ones", async () => {
    const error = await refusal({ path: "docs/notes.md", window: 1 });
    expect(error.reason).toBe("invalid_arguments");
    expect(error.message).toBe(
      'Window 1 is out of range: "docs/notes.md" has 1 window(s) of about 2000 tokens, numbered 0 to 0.',
    );
  });

  it("reads text files of other extensions, and sees changes to a file", async () => {
    await writeFile(path.join(root, "script.py"), "print('v1')\n");
    expect((await read({ path: "script.py" })).content).toContain("print('v1')");
    await writeFile(path.join(root, "script.py"), "print('version 2')\n");
    expect((await read({ path: "script.py" })).content).toContain("print('version 2')");
  });

  it("says so when a document has no text", async () => {
    await writeFile(path.join(root, "empty.txt"), "");
    expect((await read({ path: "empty.txt" })).content).toContain("(no text: the document is empty");
  });

  it.each(["../outside.txt", "docs/../../outside.txt", "/etc/passwd"])(
    "refuses the path %j",
    async (requested) => {
      const error = await refusal({ path: requested });
      expect(error.reason).toBe("path_outside_workspace");
      expect(error.message).not.toContain("top secret");
    },
  );

  it("refuses binary and non-UTF-8 files of unknown formats", async () => {
    await writeFile(path.join(root, "image.png"), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0x1a]));
    await writeFile(path.join(root, "legacy.bin"), Buffer.from([0xff, 0xfe, 0x80, 0x41]));
    for (const file of ["image.png", "legacy.bin"]) {
      const error = await refusal({ path: file });
      expect(error.reason).toBe("unsupported_format");
      expect(error.message).toContain("the document tools read text");
    }
  });

  it("refuses a corrupt PDF as unsupported", async () => {
    await writeFile(path.join(root, "broken.pdf"), "this is not a PDF");
    const error = await refusal({ path: "broken.pdf" });
    expect(error.reason).toBe("unsupported_format");
    expect(error.message).toContain("could not be read as a PDF");
  });

  it("refuses files over the size limit, directories and missing files", async () => {
    expect((await refusal({ path: "docs/notes.md" }, { maxFileBytes: 10 })).reason).toBe("too_large");
    expect((await refusal({ path: "docs" })).reason).toBe("not_a_file");
    expect((await refusal({ path: "docs/missing.pdf" })).reason).toBe("not_found");
  });

  it("stops when the call's signal has aborted", async () => {
    const [tool] = createDocumentTools({ tokenCounter });
    const controller = new AbortController();
    const reason = new Error("run killed");
    controller.abort(reason);
    const context: ToolContext = {
      workspaceRoot: root,
      signal: controller.signal,
      clock: new RealClock(),
      idempotencyKey: "k",
    };
    await expect(tool?.execute(tool.inputSchema.parse({ path: "docs/report.pdf" }), context)).rejects.toBe(
      reason,
    );
  });

  it("validates window and windowTokens", () => {
    const [tool] = createDocumentTools({ tokenCounter });
    expect(() => tool?.inputSchema.parse({ path: "a.md", windowTokens: 8001 })).toThrow();
    expect(() => tool?.inputSchema.parse({ path: "a.md", windowTokens: 99 })).toThrow();
    expect(() => tool?.inputSchema.parse({ path: "a.md", window: -1 })).toThrow();
  });
});
