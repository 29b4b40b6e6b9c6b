import { describe, expect, it } from "vitest";
import { z } from "zod";
import type { TokenCounter } from "../../backends/token-counter.js";
import { documentFormat } from "./document-format.js";
import { createDocumentTools } from "./index.js";

const characters: TokenCounter = { count: (text) => text.length };

describe("createDocumentTools", () => {
  it("returns read_document and summarize_document: read-only, idempotent, no approval", () => {
    const tools = createDocumentTools({ tokenCounter: characters });
    expect(tools.map((tool) => [tool.name, tool.sideEffect, tool.idempotent, tool.requiresApproval])).toEqual(
      [
        ["read_document", "none", true, false],
        ["summarize_document", "none", true, false],
      ],
    );
  });

  it.each(createDocumentTools({ tokenCounter: characters }).map((tool) => [tool.name, tool] as const))(
    "%s has a plain JSON Schema with every field described",
    (_name, tool) => {
      const schema = z.toJSONSchema(tool.inputSchema, { io: "input" }) as {
        type: string;
        properties: Record<string, { description?: string }>;
      };
      expect(schema.type).toBe("object");
      for (const field of Object.values(schema.properties)) expect(field.description).toBeTruthy();
    },
  );
});

describe("documentFormat", () => {
  it.each([
    ["a.PDF", "pdf"],
    ["docs/page.htm", "html"],
    ["page.html", "html"],
    ["notes.markdown", "text"],
    ["data.csv", "text"],
    ["server.log", "text"],
    ["config.json", "text"],
    ["report.docx", "other"],
    ["Makefile", "other"],
  ])("%s is %s", (file, format) => {
    expect(documentFormat(file)).toBe(format);
  });
});
