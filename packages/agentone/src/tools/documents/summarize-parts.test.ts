import { describe, expect, it } from "vitest";
import type { NestedModelRequest } from "../tool.js";
import type { DocumentWindow } from "./split-windows.js";
import { summarizeParts } from "./summarize-parts.js";

const windows: DocumentWindow[] = [
  {
    index: 0,
    text: "--- page 1 ---\nalpha\n--- page 2 ---\nbeta\n",
    startToken: 0,
    endToken: 10,
    pages: { first: 1, last: 2 },
  },
  { index: 1, text: "gamma\n", startToken: 10, endToken: 12, pages: { first: 2, last: 2 } },
];

describe("summarizeParts", () => {
  it("names the pages of each part for a PDF, in the instructions and the combined input", async () => {
    const calls: Omit<NestedModelRequest, "purpose">[] = [];
    const summary = await summarizeParts({
      windows,
      context: { relative: "report.pdf", focus: "risks", paged: true },
      call: async (request) => {
        calls.push(request);
        return `answer ${calls.length}`;
      },
    });
    expect(summary).toBe("answer 3");
    expect(calls[0]?.instructions).toContain('This is part 1 of 2 (pages 1–2) of the document "report.pdf"');
    expect(calls[0]?.instructions).toContain("cite pages (e.g. 'p. 3')");
    expect(calls[0]?.instructions).toContain("Focus on: risks.");
    expect(calls[1]?.instructions).toContain("part 2 of 2 (page 2)");
    expect(calls[2]?.input).toBe("## Part 1 (pages 1–2)\nanswer 1\n\n## Part 2 (page 2)\nanswer 2");
  });
});
