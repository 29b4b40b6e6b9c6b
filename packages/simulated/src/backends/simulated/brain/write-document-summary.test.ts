import { createRandom } from "agentone";
import { describe, expect, it } from "vitest";
import { summaryTaskOf, writeDocumentSummary } from "./write-document-summary.js";

const text = [
  "--- page 1 ---",
  "Atlas is a billing service.",
  "Revenue grew 12% to $4.1M in Q3, said Maria Lopez.",
  "--- page 2 ---",
  "The team met on Tuesdays to talk.",
  "Churn fell to 2.3% after the pricing change.",
].join("\n");

const request = (system: string) => [
  { role: "system" as const, content: system },
  { role: "user" as const, content: text },
];

describe("the simulated summarizer", () => {
  it("recognises the summarization tools' requests, and only those", () => {
    expect(summaryTaskOf(request('Summarize the document "a.pdf": its purpose. Focus on: churn.'))).toEqual({
      focus: "churn",
      text,
    });
    expect(summaryTaskOf(request("This is part 2 of 5 of the document"))).toMatchObject({ focus: null });
    expect(summaryTaskOf(request("You are AgentOne's agent."))).toBeNull();
    expect(
      summaryTaskOf([...request("Summarize the document x"), { role: "user", content: "more" }]),
    ).toBeNull();
  });

  it("keeps the sentences with facts, in document order, citing pages, and adds nothing", () => {
    const summary = writeDocumentSummary(
      { focus: null, text },
      { model: "sim-cheap", tier: "cheap", mistakeRate: 0, random: createRandom(1) },
    );
    const lines = summary.split("\n");
    expect(lines[0]).toContain("simulated");
    expect(lines.slice(1)).toEqual([
      "- Atlas is a billing service. (p. 1)",
      "- Revenue grew 12% to $4.1M in Q3, said Maria Lopez. (p. 1)",
      "- The team met on Tuesdays to talk. (p. 2)",
      "- Churn fell to 2.3% after the pricing change. (p. 2)",
    ]);
  });

  it("keeps fewer points on weaker tiers, and a mistake drops the strongest one", () => {
    const options = { model: "sim-local", mistakeRate: 0, random: createRandom(1) };
    const local = writeDocumentSummary({ focus: null, text }, { ...options, tier: "local" });
    expect(local.split("\n")).toHaveLength(4);
    const wrong = writeDocumentSummary({ focus: null, text }, { ...options, tier: "local", mistakeRate: 1 });
    expect(wrong).not.toContain("Revenue grew 12%");
  });
});
