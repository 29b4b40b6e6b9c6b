import type { ConversationView } from "./conversation-view.js";

/** One line on what the model has done so far: files listed and read, searches, other calls, errors. */
export function explored(view: ConversationView): string {
  const reads = [...view.readFiles.keys()];
  const parts = [];
  if (view.listedFiles.length > 0) parts.push(`listed ${view.listedFiles.length} files`);
  if (reads.length > 0) parts.push(`read ${reads.join(", ")}`);
  if (view.searchedPatterns.length > 0)
    parts.push(`searched for ${view.searchedPatterns.map((pattern) => `"${pattern}"`).join(", ")}`);
  const others = new Map<string, number>();
  for (const call of view.calls)
    if (!call.isError && !["list_files", "read_file", "search"].includes(call.name))
      others.set(call.name, (others.get(call.name) ?? 0) + 1);
  for (const [name, count] of others) parts.push(`${name} ×${count}`);
  const errors = view.calls.filter((call) => call.isError).length;
  if (errors > 0) parts.push(`${errors} tool call(s) failed`);
  return parts.length > 0 ? parts.join("; ") : "nothing explored yet";
}

/** The label every simulated text starts with, so nobody mistakes it for a real model's output. */
export function simulatedLabel(model: string): string {
  return `[simulated: written by AgentOne's simulated model ${model}, not by a real LLM]`;
}
