import { describe, expect, it } from "vitest";
import { describeError } from "./describe-error.js";
import { mcpResultText } from "./mcp-result-text.js";

describe("mcpResultText", () => {
  it("joins text parts and describes binary parts without their data", () => {
    expect(
      mcpResultText({
        content: [
          { type: "text", text: "one" },
          { type: "text", text: "two" },
          { type: "audio", data: "AAAAAA==", mimeType: "audio/wav" },
          { type: "resource", resource: { uri: "mem://x", blob: "AAA=" } },
          { type: "resource_link", uri: "mem://y", name: "y", mimeType: "text/csv" },
        ],
      }),
    ).toBe(
      "one\ntwo\n[audio: audio/wav, 4 bytes, not shown]\n[resource mem://x: 2 bytes of binary data, not shown]\n" +
        "[resource link: y mem://y, text/csv]",
    );
  });

  it("shows structured content when there is no other content", () => {
    expect(mcpResultText({ content: [], structuredContent: { total: 3 } })).toBe('{"total":3}');
    expect(mcpResultText({ content: [] })).toBe("");
  });

  it("shows a pre-2024-11 toolResult as JSON", () => {
    expect(mcpResultText({ toolResult: { ok: true } })).toBe('{"ok":true}');
  });
});

describe("describeError", () => {
  it("adds the cause that fetch keeps to itself", () => {
    expect(describeError(new TypeError("fetch failed", { cause: new Error("other side closed") }))).toBe(
      "fetch failed (other side closed)",
    );
    expect(describeError(new Error("plain"))).toBe("plain");
    expect(describeError("text")).toBe("text");
  });
});
