import type { Message } from "agentone";

/** A tool call the simulated model made earlier, with what came back. */
export interface PastCall {
  name: string;
  arguments: Record<string, unknown> | null;
  rawArguments: string;
  result: string;
  isError: boolean;
  /** Which of the model's tool-calling turns it belonged to, counting from 0. */
  turn: number;
}

/** What the simulated model reads out of a request: the same text a real model would get. */
export interface ConversationView {
  goal: string;
  /** Instructions added later: a person's input on resume, or the runtime asking to run the tests. */
  instructions: string[];
  stepKind: string;
  stopReason: string | null;
  /** Fraction of the dollar budget left, from the budget line, or null without one. */
  budgetFraction: number | null;
  stepsLeft: number | null;
  toolNames: string[];
  calls: PastCall[];
  /** How many turns with tool calls the model has taken. */
  turns: number;
  /** Files seen in list_files output. */
  listedFiles: string[];
  /** File path → the numbered lines read so far. */
  readFiles: Map<string, string[]>;
  searchedPatterns: string[];
}

function parseArguments(raw: string): Record<string, unknown> | null {
  try {
    const value = JSON.parse(raw) as unknown;
    return typeof value === "object" && value !== null ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

function pastCalls(messages: readonly Message[]): PastCall[] {
  const results = new Map<string, { content: string; isError: boolean }>();
  for (const message of messages)
    if (message.role === "tool")
      results.set(message.toolCallId, { content: message.content, isError: message.isError ?? false });
  const calls: PastCall[] = [];
  let turn = 0;
  for (const message of messages) {
    if (message.role !== "assistant" || !message.toolCalls?.length) continue;
    for (const call of message.toolCalls) {
      const result = results.get(call.id);
      calls.push({
        name: call.name,
        arguments: parseArguments(call.arguments),
        rawArguments: call.arguments,
        result: result?.content ?? "",
        isError: result?.isError ?? true,
        turn,
      });
    }
    turn++;
  }
  return calls;
}

/** The budget line, as AgentOne's last user message (formerly a line of the system prompt). */
const budgetNote = /^Budget remaining: /;

/** Whether a message is the runtime's budget line rather than a person's words. */
export function isBudgetLine(text: string): boolean {
  return /^Budget remaining: /.test(text.trim());
}

/** Reads a request's messages into a {@link ConversationView}. */
export function viewConversation(messages: readonly Message[], toolNames: string[]): ConversationView {
  const system = messages.find((message) => message.role === "system")?.content ?? "";
  const userTexts = messages.filter((message) => message.role === "user").map((message) => message.content);
  // AgentOne sends the budget line as the request's last user message (after the conversation, so the
  // prefix stays cacheable): it is the runtime talking, read as the budget and not as an instruction.
  const users = userTexts.filter((text) => !budgetNote.test(text));
  const note = userTexts.findLast((text) => budgetNote.test(text));
  const calls = pastCalls(messages);
  const view: ConversationView = {
    goal: users[0] ?? "",
    instructions: users.slice(1),
    stepKind: /Current step: (\w+)/.exec(system)?.[1] ?? "act",
    stopReason: /Reason for stopping: ([^\n]+?)\.?$/m.exec(system)?.[1] ?? null,
    budgetFraction: null,
    stepsLeft: null,
    toolNames,
    calls,
    turns: calls.length === 0 ? 0 : (calls.at(-1)?.turn ?? 0) + 1,
    listedFiles: [],
    readFiles: new Map(),
    searchedPatterns: [],
  };
  const budget = /Budget remaining: ([^\n]*)/.exec(note ?? system)?.[1] ?? "";
  const percent = /\((\d+)%\)/.exec(budget)?.[1];
  if (percent !== undefined) view.budgetFraction = Number(percent) / 100;
  const steps = /(\d+) steps/.exec(budget)?.[1];
  if (steps !== undefined) view.stepsLeft = Number(steps);
  for (const call of calls) {
    if (call.isError) continue;
    if (call.name === "list_files") {
      // A listing seen twice is still one set of files.
      for (const line of call.result.split("\n"))
        if (line && !line.endsWith("/") && !line.startsWith("[") && !line.startsWith("Directory "))
          if (!view.listedFiles.includes(line.trim())) view.listedFiles.push(line.trim());
    } else if (call.name === "read_file" && typeof call.arguments?.path === "string") {
      const lines = call.result
        .split("\n")
        .slice(1)
        .filter((line) => /^\d+: /.test(line));
      view.readFiles.set(call.arguments.path, [...(view.readFiles.get(call.arguments.path) ?? []), ...lines]);
    } else if (call.name === "search" && typeof call.arguments?.pattern === "string") {
      view.searchedPatterns.push(call.arguments.pattern);
    }
  }
  return view;
}

/** The calls of the model's most recent tool-calling turn. */
export function lastTurnCalls(view: ConversationView): PastCall[] {
  return view.calls.filter((call) => call.turn === view.turns - 1);
}

/** Whether the model has a tool of this name in this request. */
export function hasTool(view: ConversationView, name: string): boolean {
  return view.toolNames.includes(name);
}

/** Successful calls of one tool, oldest first. */
export function successfulCalls(view: ConversationView, name: string): PastCall[] {
  return view.calls.filter((call) => call.name === name && !call.isError);
}
