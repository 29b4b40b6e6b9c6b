import type { Random } from "agentone";
import type { TierBehaviour } from "../tier-behaviour.js";
import { type Action, answerMove, mistakeKinds } from "./action.js";
import type { ConversationView } from "./conversation-view.js";
import { plausibleMistakes } from "./generic-mistakes.js";
import { selectRecipe } from "./select-recipe.js";

export type { Action, PlannedCall } from "./action.js";

/** Under budget-aware prompting: little money or only a couple of steps left means answer now. */
function mustWrapUp(view: ConversationView): boolean {
  const low =
    (view.budgetFraction !== null && view.budgetFraction < 0.25) ||
    (view.stepsLeft !== null && view.stepsLeft <= 2);
  return low && view.calls.some((call) => !call.isError);
}

/**
 * The simulated model's next move in an acting step: its recipe's move for the goal, or, with the tier's
 * mistake rate, one of the mistakes plausible at that point (drawn uniformly among them).
 */
export function chooseAction(
  view: ConversationView,
  options: { behaviour: TierBehaviour; random: Random },
): Action {
  const { behaviour, random } = options;
  if (mustWrapUp(view)) return answerMove.intended;
  const move = selectRecipe(view).next(view, behaviour);
  const mistakes = plausibleMistakes(view, move);
  const kinds = mistakeKinds.filter((kind) => mistakes[kind] !== undefined);
  if (kinds.length > 0 && random.chance(behaviour.mistakeRate))
    return mistakes[random.pick(kinds)] ?? move.intended;
  return move.intended;
}
