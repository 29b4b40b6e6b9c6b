import type { TierBehaviour } from "../tier-behaviour.js";
import type { ConversationView } from "./conversation-view.js";

/** One tool call the simulated model decides to make. `rawArguments` overrides the JSON (malformed calls). */
export interface PlannedCall {
  name: string;
  arguments: Record<string, unknown>;
  rawArguments?: string;
}

/** The kinds of mistake the simulated models make; each has a consequence the run or the grader sees. */
export const mistakeKinds = [
  "wrong_file",
  "wrong_edit",
  "malformed_call",
  "premature_answer",
  "loop",
  "duplicate_side_effect",
] as const;

export type MistakeKind = (typeof mistakeKinds)[number];

/**
 * What the model does in an acting turn: call tools, or answer. An answer may carry a flaw the recipe
 * renders into it (a wrong fact, a wrong file blamed, a broken JSON report).
 */
export type Action =
  | { type: "calls"; calls: PlannedCall[]; note: string }
  | { type: "answer"; premature: boolean; flaw?: MistakeKind };

/** A recipe's next move: what a competent model does now, and what each plausible mistake does instead. */
export interface Move {
  intended: Action;
  mistakes: Partial<Record<MistakeKind, Action>>;
}

export interface AnswerOptions {
  model: string;
  premature: boolean;
  flaw?: MistakeKind;
}

/**
 * A skill: how a competent model works one kind of task through the tools, recognised from the goal and
 * from what the tools show. Recipes are stateless: every move is derived from the conversation so far.
 */
export interface Recipe {
  name: string;
  /** The numbered steps of the plan it writes on a plan step. */
  plan(view: ConversationView): string[];
  next(view: ConversationView, behaviour: TierBehaviour): Move;
  /** The answer from what it has done and learned so far (labelled as simulated by the caller). */
  answer(view: ConversationView, options: AnswerOptions): string;
}

/** One tool-calling action with a note the model writes beside it. */
export function callAction(calls: PlannedCall[], note: string): Action {
  return { type: "calls", calls, note };
}

/** A move without recipe-specific mistakes (the generic ones are added by the chooser). */
export function plainMove(intended: Action, mistakes: Move["mistakes"] = {}): Move {
  return { intended, mistakes };
}

/** The move that answers now, completely. */
export const answerMove: Move = { intended: { type: "answer", premature: false }, mistakes: {} };
