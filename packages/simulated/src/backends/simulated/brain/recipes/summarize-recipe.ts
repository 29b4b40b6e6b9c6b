import { answerMove, callAction, plainMove, type Recipe } from "../action.js";
import { type ConversationView, hasTool } from "../conversation-view.js";

const documentPath =
  /(?:^|[\s"'`(])((?:[\w-]+\/)*[\w.-]+\.(?:md|markdown|txt|rst|html?|pdf|csv|json|log))\b/i;

/** The document a "summarize X" goal names, or null. */
function documentOf(goal: string): string | null {
  if (!/\bsummari[sz]e\b/i.test(goal)) return null;
  return documentPath.exec(goal)?.[1] ?? null;
}

/**
 * Whether the goal asks to summarize one named document and the model has `summarize_document`: a
 * model hands a long document to the tool rather than reading it into its own context.
 */
export function isSummaryGoal(view: ConversationView): boolean {
  return documentOf(view.goal) !== null && hasTool(view, "summarize_document");
}

function summaryCall(view: ConversationView) {
  const path = documentOf(view.goal);
  return view.calls.find((call) => call.name === "summarize_document" && call.arguments?.path === path);
}

/**
 * Summarize a named document: one `summarize_document` call (the tool makes the nested model calls,
 * charged to the run), then answer with its summary, or with why it failed.
 */
export const summarizeRecipe: Recipe = {
  name: "summarize",
  plan: (view) => [
    `Summarize ${documentOf(view.goal) ?? "the document"} with summarize_document.`,
    "Answer with the summary.",
  ],
  next(view) {
    const path = documentOf(view.goal);
    if (path === null || summaryCall(view)) return answerMove;
    return plainMove(
      callAction([{ name: "summarize_document", arguments: { path } }], `Summarizing ${path}.`),
    );
  },
  answer(view, options) {
    const call = summaryCall(view);
    const path = documentOf(view.goal) ?? "the document";
    if (!call) return `I have not summarized ${path} yet.`;
    if (call.isError) return `I could not summarize ${path}: ${call.result.replace(/^Error: /, "")}`;
    const summary = call.result.replace(/^Summary of [^\n]*\n\n/, "");
    const note = options.premature ? "\n(I answered before checking the summary against the document.)" : "";
    return `Summary of ${path}:\n${summary}${note}`;
  },
};
