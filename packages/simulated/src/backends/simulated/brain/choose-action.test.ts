import { createRandom } from "agentone";
import { describe, expect, it } from "vitest";
import { tierBehaviour } from "../tier-behaviour.js";
import { chooseAction } from "./choose-action.js";
import { viewConversation } from "./conversation-view.js";
import { plausibleMistakes } from "./generic-mistakes.js";
import { selectRecipe } from "./select-recipe.js";

const allTools = [
  "list_files",
  "read_file",
  "search",
  "write_file",
  "apply_patch",
  "run_command",
  "http_request",
  "read_document",
];
const recipeFor = (goal: string, tools = allTools) =>
  selectRecipe(viewConversation([{ role: "user", content: goal }], tools)).name;

describe("selectRecipe", () => {
  it("recognises each kind of task from the goal and the tools at hand", () => {
    expect(recipeFor("Upgrade lib to 2.0.0 (read its CHANGELOG.md) and adapt the call sites.")).toBe(
      "upgrade-dependency",
    );
    expect(recipeFor("CI failed; its log is ci.log. Triage the failure and report it as JSON.")).toBe(
      "triage",
    );
    expect(recipeFor("Write BREAKING.md and a fix.patch for the consumer.")).toBe("breaking-changes-patch");
    expect(recipeFor("One test fails (`node --test`). Fix the bug in the source.")).toBe("fix-failing-test");
    expect(recipeFor("Answer from the documents in docs/ and cite each one.")).toBe("documents");
    expect(recipeFor("Using the orders API at http://127.0.0.1:8080, refund the order.")).toBe(
      "api-workflow",
    );
    expect(recipeFor("Summarize the project.")).toBe("explore");
  });

  it("does not start what it cannot do with the tools it has", () => {
    expect(recipeFor("One test fails. Fix the bug in the source.", ["list_files", "read_file"])).toBe(
      "explore",
    );
    expect(recipeFor("Using the orders API at http://127.0.0.1:8080, refund the order.", ["read_file"])).toBe(
      "explore",
    );
  });
});

describe("recovery", () => {
  const failed = viewConversation(
    [
      { role: "system", content: "Current step: act." },
      { role: "user", content: "Summarize the project." },
      {
        role: "assistant",
        content: "",
        toolCalls: [{ id: "c1", name: "list_files", arguments: '{"path":"."' }],
      },
      {
        role: "tool",
        toolCallId: "c1",
        toolName: "list_files",
        content: "Error: not valid JSON",
        isError: true,
      },
    ],
    allTools,
  );

  it("sends a failed call again, well-formed", () => {
    const action = chooseAction(failed, {
      behaviour: { ...tierBehaviour.premium, mistakeRate: 0 },
      random: createRandom(1),
    });
    expect(action).toEqual({
      type: "calls",
      calls: [{ name: "list_files", arguments: { path: ".", recursive: true } }],
      note: "Listing the workspace first.",
    });
  });

  it("or, as its mistake, repeats the failed call unchanged", () => {
    const mistakes = plausibleMistakes(failed, selectRecipe(failed).next(failed, tierBehaviour.local));
    expect(mistakes.loop).toMatchObject({ calls: [{ name: "list_files", rawArguments: '{"path":"."' }] });
    // Nothing has succeeded yet, so there is nothing to answer from.
    expect(mistakes.premature_answer).toBeUndefined();
  });
});
