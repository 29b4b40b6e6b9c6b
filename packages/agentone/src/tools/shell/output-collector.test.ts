import { describe, expect, it } from "vitest";
import { capOutput, OutputCollector } from "./output-collector.js";

describe("OutputCollector", () => {
  it("keeps short output whole, in arrival order", () => {
    const collector = new OutputCollector(100);
    for (const chunk of ["out 1\n", "err 1\n", "out 2\n"]) collector.append(chunk);
    expect(collector.result()).toEqual({
      text: "out 1\nerr 1\nout 2\n",
      truncated: false,
      totalCharacters: 18,
    });
  });

  it("keeps output of exactly the limit whole", () => {
    expect(capOutput("x".repeat(10), 10)).toEqual({
      text: "x".repeat(10),
      truncated: false,
      totalCharacters: 10,
    });
  });

  it("keeps the head and the tail around a marker", () => {
    expect(capOutput(`${"A".repeat(5)}${"B".repeat(7)}${"C".repeat(5)}`, 10).text).toBe(
      "AAAAA\n[... 7 characters cut ...]\nCCCCC",
    );
  });

  it("caps a stream of many small chunks the same way as one big string", () => {
    const text = Array.from({ length: 2000 }, (_, index) => `line ${index}\n`).join("");
    const collector = new OutputCollector(300);
    for (let index = 0; index < text.length; index += 7) collector.append(text.slice(index, index + 7));
    expect(collector.result()).toEqual(capOutput(text, 300));
    const { text: capped, truncated, totalCharacters } = collector.result();
    expect(truncated).toBe(true);
    expect(totalCharacters).toBe(text.length);
    expect(capped.startsWith("line 0\nline 1\n")).toBe(true);
    expect(capped.endsWith("line 1998\nline 1999\n")).toBe(true);
    expect(capped).toContain(`[... ${text.length - 300} characters cut ...]`);
  });

  it("handles an odd limit and a limit of one", () => {
    expect(capOutput("abcdefg", 3).text).toBe("ab\n[... 4 characters cut ...]\ng");
    expect(capOutput("abc", 1).text).toBe("a\n[... 2 characters cut ...]\n");
  });
});
