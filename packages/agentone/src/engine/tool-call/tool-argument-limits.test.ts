import { describe, expect, it } from "vitest";
import { conversationFor } from "../step/conversation.js";
import {
  maxToolArgumentCharacters,
  maxToolArgumentDepth,
  toolArgumentsProblem,
} from "./tool-argument-limits.js";

describe("toolArgumentsProblem", () => {
  it("passes ordinary arguments, brackets inside strings included", () => {
    expect(toolArgumentsProblem('{"path": "a.txt"}')).toBeUndefined();
    expect(toolArgumentsProblem(JSON.stringify({ content: `${"[".repeat(10_000)}\\"{` }))).toBeUndefined();
    const nested = "[".repeat(maxToolArgumentDepth) + "]".repeat(maxToolArgumentDepth);
    expect(toolArgumentsProblem(nested)).toBeUndefined();
  });

  it("refuses arguments nested deeper than the limit, without parsing them", () => {
    const deep = `{"path":${"[".repeat(200_000)}${"]".repeat(200_000)}}`;
    expect(toolArgumentsProblem(deep)).toMatchObject({
      reason: "invalid_arguments",
      message: expect.stringContaining("deeper than 64 levels"),
    });
  });

  it("refuses arguments longer than the limit", () => {
    const long = JSON.stringify({ path: "a".repeat(maxToolArgumentCharacters) });
    expect(toolArgumentsProblem(long)).toMatchObject({ reason: "too_large" });
  });
});

describe("conversationFor", () => {
  it("leaves refused arguments out of the conversation, keeping the call and its answer", () => {
    const deep = "[".repeat(1000);
    const conversation = conversationFor([
      { role: "user", content: "go" },
      {
        role: "assistant",
        content: "",
        toolCalls: [
          { id: "c1", name: "read_file", arguments: deep },
          { id: "c2", name: "read_file", arguments: '{"path":"a.txt"}' },
        ],
      },
      { role: "tool", toolCallId: "c1", toolName: "read_file", content: "Error: ...", isError: true },
      { role: "tool", toolCallId: "c2", toolName: "read_file", content: "a" },
    ]);
    const assistant = conversation[1];
    expect(assistant?.role === "assistant" ? assistant.toolCalls : []).toEqual([
      { id: "c1", name: "read_file", arguments: "{}" },
      { id: "c2", name: "read_file", arguments: '{"path":"a.txt"}' },
    ]);
    expect(conversation).toHaveLength(4);
  });
});
