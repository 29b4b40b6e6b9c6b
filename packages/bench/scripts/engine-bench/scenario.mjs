/**
 * The one scenario every loop in `bench:engine` runs, so their figures compare: a model that answers at
 * once, reports 100 input and 20 output tokens per call, and asks for one call of one tool per turn; the
 * tool answers at once with 400 characters. A run of N steps is N model calls: tool turns, then an answer.
 */

/** Tokens every model call reports, whichever loop it runs in. */
export const reportedUsage = Object.freeze({ inputTokens: 100, outputTokens: 20 });

export const toolName = "tick";
export const toolDescription = "Records one tick and answers at once.";
export const toolOutputLength = 400;
export const answerText = "done ticking";

/**
 * The tool's output for a turn: 400 characters, different for every turn (as real outputs are, so no
 * loop can store one copy for all of them).
 */
export function toolOutput(turn) {
  const head = `tick ${turn}: `;
  return head + "abcdefghij".repeat(toolOutputLength / 10).slice(0, toolOutputLength - head.length);
}

/** The arguments the model sends on a tool turn; they differ per turn, so no tool result is reused. */
export function toolArguments(turn) {
  return { turn };
}
