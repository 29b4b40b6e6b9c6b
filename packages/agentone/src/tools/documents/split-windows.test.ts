import { describe, expect, it } from "vitest";
import type { TokenCounter } from "../../backends/token-counter.js";
import { splitIntoWindows } from "./split-windows.js";

// One token per character keeps window boundaries easy to predict.
const characters: TokenCounter = { count: (text) => text.length };

describe("splitIntoWindows", () => {
  it("packs whole lines into windows of at most windowTokens", () => {
    const text = "aaaa\nbbbb\ncccc\ndddd\n";
    const windows = splitIntoWindows({ text, counter: characters, windowTokens: 10, paged: false });
    expect(windows.map((window) => window.text)).toEqual(["aaaa\nbbbb\n", "cccc\ndddd\n"]);
    expect(windows.map((window) => [window.index, window.startToken, window.endToken])).toEqual([
      [0, 0, 10],
      [1, 10, 20],
    ]);
    expect(windows[0]?.pages).toBeUndefined();
    expect(windows.map((window) => window.text).join("")).toBe(text);
  });

  it("splits a line longer than a window, at spaces where it can", () => {
    const line = "word ".repeat(10).trim();
    const windows = splitIntoWindows({ text: line, counter: characters, windowTokens: 12, paged: false });
    for (const window of windows) expect(window.endToken - window.startToken).toBeLessThanOrEqual(12);
    expect(windows.map((window) => window.text).join("")).toBe(line);
    expect(windows[0]?.text.endsWith(" ")).toBe(true);
  });

  it("tracks the pages each window covers", () => {
    const text = ["--- page 1 ---", "one", "--- page 2 ---", "two", "--- page 3 ---", "three"].join("\n");
    const windows = splitIntoWindows({ text, counter: characters, windowTokens: 40, paged: true });
    expect(windows.map((window) => window.pages)).toEqual([
      { first: 1, last: 2 },
      { first: 3, last: 3 },
    ]);
  });

  it("does not count a trailing page marker as a page the window covers", () => {
    const text = ["--- page 1 ---", "one", "--- page 2 ---", "two"].join("\n");
    const windows = splitIntoWindows({ text, counter: characters, windowTokens: 34, paged: true });
    expect(windows[0]?.text).toBe("--- page 1 ---\none\n--- page 2 ---\n");
    expect(windows[0]?.pages).toEqual({ first: 1, last: 1 });
    expect(windows[1]?.pages).toEqual({ first: 2, last: 2 });
  });

  it("gives one empty window for an empty text", () => {
    expect(splitIntoWindows({ text: "", counter: characters, windowTokens: 10, paged: false })).toEqual([
      { index: 0, text: "", startToken: 0, endToken: 0 },
    ]);
  });

  it("never splits a surrogate pair", () => {
    const text = "😀".repeat(20);
    const windows = splitIntoWindows({ text, counter: characters, windowTokens: 6, paged: false });
    for (const window of windows) expect(window.text).toMatch(/^(😀)+$/u);
  });
});
