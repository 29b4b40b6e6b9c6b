import type { Recipe } from "./action.js";
import { type ConversationView, hasTool } from "./conversation-view.js";
import { isTriageGoal } from "./evidence.js";
import { apiRecipe } from "./recipes/api-recipe.js";
import { breakingRecipe } from "./recipes/breaking-recipe.js";
import { documentsRecipe } from "./recipes/documents-recipe.js";
import { exploreRecipe } from "./recipes/explore-recipe.js";
import { fixTestRecipe } from "./recipes/fix-test-recipe.js";
import { isSummaryGoal, summarizeRecipe } from "./recipes/summarize-recipe.js";
import { triageRecipe } from "./recipes/triage-recipe.js";
import { upgradeRecipe } from "./recipes/upgrade-recipe.js";

const canEdit = (view: ConversationView) => hasTool(view, "write_file") || hasTool(view, "apply_patch");

/**
 * The skill a goal calls for, recognised from its wording and from the tools at hand (a model that cannot
 * edit files does not start an edit task; one without http_request cannot work an API). Falls back to
 * exploring and answering with citations.
 */
export function selectRecipe(view: ConversationView): Recipe {
  const goal = view.goal;
  if (/https?:\/\//.test(goal) && /\bAPI\b/i.test(goal) && hasTool(view, "http_request")) return apiRecipe;
  if (/breaking/i.test(goal) && /\.patch\b|\bpatch\b/i.test(goal) && hasTool(view, "write_file"))
    return breakingRecipe;
  if (/\b(upgrade|update|bump)\b/i.test(goal) && /changelog/i.test(goal) && canEdit(view))
    return upgradeRecipe;
  if (/\btriage\b|\.log\b|\bci\b/i.test(goal) && isTriageGoal(goal)) return triageRecipe;
  if (/\bfix\b/i.test(goal) && /\btests?\b/i.test(goal) && /\bfail/i.test(goal) && canEdit(view))
    return fixTestRecipe;
  if (isSummaryGoal(view)) return summarizeRecipe;
  if (/\bdocuments?\b|\bcite\b|\bcitations?\b/i.test(goal)) return documentsRecipe;
  return exploreRecipe;
}
