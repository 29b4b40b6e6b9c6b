import type { Message } from "../../../core/messages.js";

/** A tool call the simulated model made earlier, with what came back. */
export interface PastCall {
  name: string;
  arguments: Record<string, unknown> | null;
  rawArguments: string;
  result: string;
  isError: boolean;
}

/** What the simulated model reads out of a request: the same text a real model would get. */
export interface ConversationView {
  goal: string;
  /** Instructions a person added when resuming the run. */
  instructions: string[];
  stepKind: string;
  stopReason: string | null;
  /** Fraction of the dollar budget left, from the budget line, or null without one. */
  budgetFraction: number | null;
  stepsLeft: number | null;
  toolNames: string[];
  calls: PastCall[];
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

/** Reads a request's messages into a {@link ConversationView}. */
export function viewConversation(messages: readonly Message[], toolNames: string[]): ConversationView {
  const system = messages.find((message) => message.role === "system")?.content ?? "";
  const users = messages.filter((message) => message.role === "user").map((message) => message.content);
  const results = new Map<string, { content: string; isError: boolean }>();
  for (const message of messages)
    if (message.role === "tool")
      results.set(message.toolCallId, { content: message.content, isError: message.isError ?? false });
  const calls: PastCall[] = [];
  for (const message of messages) {
    if (message.role !== "assistant") continue;
    for (const call of message.toolCalls ?? []) {
      const result = results.get(call.id);
      calls.push({
        name: call.name,
        arguments: parseArguments(call.arguments),
        rawArguments: call.arguments,
        result: result?.content ?? "",
        isError: result?.isError ?? true,
      });
    }
  }
  const view: ConversationView = {
    goal: users[0] ?? "",
    instructions: users.slice(1),
    stepKind: /Current step: (\w+)/.exec(system)?.[1] ?? "act",
    stopReason: /Reason for stopping: ([^\n]+?)\.?$/m.exec(system)?.[1] ?? null,
    budgetFraction: null,
    stepsLeft: null,
    toolNames,
    calls,
    listedFiles: [],
    readFiles: new Map(),
    searchedPatterns: [],
  };
  const budget = /Budget remaining: ([^\n]*)/.exec(system)?.[1] ?? "";
  const percent = /\((\d+)%\)/.exec(budget)?.[1];
  if (percent !== undefined) view.budgetFraction = Number(percent) / 100;
  const steps = /(\d+) steps/.exec(budget)?.[1];
  if (steps !== undefined) view.stepsLeft = Number(steps);
  for (const call of calls) {
    if (call.isError) continue;
    if (call.name === "list_files") {
      for (const line of call.result.split("\n"))
        if (line && !line.endsWith("/") && !line.startsWith("[")) view.listedFiles.push(line.trim());
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
