import { describe, expect, it } from "vitest";
import { lastTurnCalls, viewConversation } from "./conversation-view.js";
import { knownContent, originalContent, unifiedDiff } from "./workspace-knowledge.js";

const read = (id: string, path: string, lines: string[]) => [
  {
    role: "assistant" as const,
    content: "",
    toolCalls: [{ id, name: "read_file", arguments: JSON.stringify({ path }) }],
  },
  {
    role: "tool" as const,
    toolCallId: id,
    toolName: "read_file",
    content: [
      `File: ${path} (lines 1-${lines.length} of ${lines.length})`,
      ...lines.map((line, index) => `${index + 1}: ${line}`),
    ].join("\n"),
  },
];

describe("viewConversation", () => {
  it("reads the budget from its own message and keeps it out of the instructions", () => {
    const view = viewConversation(
      [
        { role: "system", content: "Current step: act." },
        { role: "user", content: "the goal" },
        { role: "user", content: "Budget remaining: at least $0.10 (10%), 2 steps." },
        { role: "user", content: "Also check the README." },
      ],
      [],
    );
    expect(view).toMatchObject({
      goal: "the goal",
      instructions: ["Also check the README."],
      budgetFraction: 0.1,
      stepsLeft: 2,
    });
  });

  it("numbers the model's turns and marks unanswered calls as errors", () => {
    const view = viewConversation(
      [
        { role: "user", content: "goal" },
        ...read("c1", "a.txt", ["x"]),
        { role: "assistant", content: "", toolCalls: [{ id: "c2", name: "list_files", arguments: "{" }] },
      ],
      [],
    );
    expect(view.turns).toBe(2);
    expect(lastTurnCalls(view)).toEqual([
      expect.objectContaining({ name: "list_files", isError: true, arguments: null }),
    ]);
  });
});

describe("workspace knowledge", () => {
  it("knows a file's content from its read, with the model's own patches on top", () => {
    const before = "one\ntwo\n";
    const patch = unifiedDiff({ path: "a.txt", before, after: "one\n2\n" });
    const view = viewConversation(
      [
        { role: "user", content: "goal" },
        ...read("c1", "a.txt", ["one", "two"]),
        {
          role: "assistant",
          content: "",
          toolCalls: [{ id: "c2", name: "apply_patch", arguments: JSON.stringify({ patch }) }],
        },
        { role: "tool", toolCallId: "c2", toolName: "apply_patch", content: "Patched 1 file(s): a.txt" },
      ],
      [],
    );
    expect(patch.startsWith("--- a/a.txt\n+++ b/a.txt\n")).toBe(true);
    expect(originalContent(view, "a.txt")).toBe(before);
    expect(knownContent(view, "a.txt")).toBe("one\n2\n");
    expect(knownContent(view, "b.txt")).toBeNull();
  });
});
