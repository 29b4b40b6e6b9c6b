import { describe, expect, it } from "vitest";
import type { ConversationView } from "../conversation-view.js";
import { questionsOf, rankPassages, valueIn } from "./document-facts.js";
import { documentPassages, staleDocuments } from "./document-passages.js";

function viewOf(documents: Record<string, string>, tool: "read_file" | "read_document"): ConversationView {
  return {
    goal: "",
    instructions: [],
    stepKind: "act",
    stopReason: null,
    budgetFraction: null,
    stepsLeft: null,
    toolNames: [],
    turns: 1,
    listedFiles: Object.keys(documents),
    readFiles: new Map(),
    searchedPatterns: [],
    calls: Object.entries(documents).map(([path, text]) => ({
      name: tool,
      arguments: { path },
      rawArguments: JSON.stringify({ path }),
      isError: false,
      turn: 0,
      result:
        tool === "read_file"
          ? [
              `File: ${path} (lines 1-x of x)`,
              ...text.split("\n").map((line, index) => `${index + 1}: ${line}`),
            ].join("\n")
          : `${path} — window 1 of 1\n\n${text}`,
    })),
  };
}

const goal =
  "A customer on the Gold plan asks: what is my upload limit, what is the limit for customers on the Basic plan, " +
  "and from which date does the current Basic limit apply? Cite the documents.";

describe("document facts", () => {
  const view = viewOf(
    {
      "docs/limits.md":
        "# Limits\n\n| Plan | Basic | Gold |\n|---|---|---|\n| Uploads | 40 files/day | see your contract |",
      "docs/news.md":
        "# News\n\n## 2024-03-01: limits revised\n\nThe upload limits were revised. The new limits take\neffect on 2024-03-15 for Basic plans.",
      "docs/old-faq.md":
        "# FAQ\n\n_Last updated: May 2022._\n\nBasic plans upload 10 files per day and Gold plans 50 files per day.",
    },
    "read_file",
  );
  const contract = viewOf(
    {
      "docs/contract.pdf":
        "--- page 1 ---\nAgreement\n--- page 2 ---\nB.1 Uploads. The Gold plan upload limit\nis 900 files per day.",
    },
    "read_document",
  );
  const passages = [...documentPassages(view), ...documentPassages(contract)];
  const stale = staleDocuments(passages);
  const questions = questionsOf(goal);
  const best = (index: number) => {
    const question = questions[index];
    if (!question) throw new Error("no question");
    const top = rankPassages(passages, question, stale)[0]?.passage;
    return top ? { value: valueIn(top, question.kind), path: top.path, page: top.page } : null;
  };

  it("splits the goal into its questions and knows which asks for a date", () => {
    expect(questions.map((question) => question.kind)).toEqual(["number", "number", "date"]);
  });

  it("answers from the contract's page, the table cell and the effective date, not the outdated FAQ", () => {
    expect(stale).toEqual(new Set(["docs/old-faq.md"]));
    expect(best(0)).toEqual({ value: "900 files per day", path: "docs/contract.pdf", page: 2 });
    expect(best(1)?.value).toBe("40 files/day");
    expect(best(2)).toMatchObject({ value: "2024-03-15", path: "docs/news.md" });
  });
});
