import type { AnswerOptions } from "./action.js";
import type { ConversationView } from "./conversation-view.js";
import { explored, simulatedLabel } from "./explored.js";
import { selectRecipe } from "./select-recipe.js";

/** A numbered plan for the goal, from the skill it calls for. */
export function writePlan(view: ConversationView, model: string): string {
  const steps = selectRecipe(view).plan(view);
  return [simulatedLabel(model), "Plan:", ...steps.map((step, index) => `${index + 1}. ${step}`)].join("\n");
}

/** A revised plan after failures. */
export function writeReplan(view: ConversationView, model: string): string {
  const failed = view.calls
    .filter((call) => call.isError)
    .map((call) => `${call.name} (${call.result.slice(0, 80)})`);
  return [
    simulatedLabel(model),
    "Revised plan:",
    `So far: ${explored(view)}.`,
    failed.length > 0 ? `Avoid repeating: ${failed.slice(-2).join("; ")}.` : "No errors so far.",
    "Next: finish the remaining steps of the plan, then answer.",
  ].join("\n");
}

/** The final answer from what was done and read, labelled as simulated. */
export function writeAnswer(view: ConversationView, options: AnswerOptions): string {
  return [simulatedLabel(options.model), selectRecipe(view).answer(view, options)].join("\n");
}

/** The closing summary when a run is stopped. */
export function writeSummary(view: ConversationView, model: string): string {
  const findings = selectRecipe(view)
    .answer(view, { model, premature: false })
    .split("\n")
    .filter((line) => line.trim() !== "" && !/^(Evidence gathered|Work done):/.test(line));
  return [
    simulatedLabel(model),
    `Stopped: ${view.stopReason ?? "budget exhausted"}.`,
    `Done so far: ${explored(view)}.`,
    findings.length > 0 ? `Findings so far: ${findings.join(" ")}` : "No findings yet.",
    "Remaining: confirm the findings and finish the goal.",
  ].join("\n");
}
