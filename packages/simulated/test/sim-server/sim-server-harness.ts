import type { Clock } from "agentone";
import { loadTokenCounter, type TokenCounter } from "agentone";
import { afterAll, beforeAll } from "vitest";
import { createSimServer, parseFaultSpec, type RunningSimServer } from "../../src/sim-server/index.js";

/** The token counter, loaded once per test file (loading takes a few hundred milliseconds). */
let counter: TokenCounter | undefined;
export async function tokenCounter(): Promise<TokenCounter> {
  counter ??= await loadTokenCounter();
  return counter;
}

/** Starts a server on a free port with `--time-scale 0` (never sleeps); closed after the file's tests. */
export function useSimServer(options: { faults?: string; seed?: number } = {}): () => string {
  let running: RunningSimServer | undefined;
  beforeAll(async () => {
    const server = createSimServer({
      seed: options.seed ?? 7,
      timeScale: 0,
      faults: parseFaultSpec(options.faults ?? ""),
      tokenCounter: await tokenCounter(),
    });
    running = await server.listen(0, "127.0.0.1");
  });
  afterAll(async () => {
    await running?.close();
  });
  return () => {
    if (!running) throw new Error("the sim-server has not started");
    return running.url;
  };
}

/** Starts a server for one test (`--time-scale 0` unless told); the caller closes it. */
export async function startSimServer(
  options: { faults?: string; seed?: number; timeScale?: number; clock?: Clock } = {},
): Promise<RunningSimServer> {
  return createSimServer({
    seed: options.seed ?? 7,
    timeScale: options.timeScale ?? 0,
    faults: parseFaultSpec(options.faults ?? ""),
    tokenCounter: await tokenCounter(),
    ...(options.clock ? { clock: options.clock } : {}),
  }).listen(0, "127.0.0.1");
}

export const postJson = (url: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });

/** The system prompt that puts the simulated model in an acting step. */
export const actSystemPrompt = "You are an agent working in a repository.\nCurrent step: act. Use the tools.";
export const goal = "Triage the CI failure recorded in ci.log.";
export const listing = "README.md\nci.log\nsrc/\nsrc/cart.js\ntest/\ntest/cart-test.js";

export const toolSchemas = {
  list_files: {
    description: "List the files under a directory of the workspace.",
    parameters: { type: "object", properties: { path: { type: "string" } }, required: ["path"] },
  },
  read_file: {
    description: "Read a file of the workspace, with line numbers.",
    parameters: { type: "object", properties: { path: { type: "string" } }, required: ["path"] },
  },
};

/** The tools in the `{type: "function", function}` shape of OpenAI and Ollama. */
export const functionTools = Object.entries(toolSchemas).map(([name, tool]) => ({
  type: "function",
  function: { name, description: tool.description, parameters: tool.parameters },
}));

/** Server-sent events of a body: `event` (if named) and parsed-or-raw `data`. */
export function parseSse(text: string): { event: string | null; data: string }[] {
  return text
    .split("\n\n")
    .filter((block) => block.trim() !== "")
    .map((block) => {
      const lines = block.split("\n");
      const event = lines.find((line) => line.startsWith("event: "))?.slice(7) ?? null;
      const data = lines
        .filter((line) => line.startsWith("data: "))
        .map((line) => line.slice(6))
        .join("\n");
      return { event, data };
    });
}

export const parseNdjson = (text: string): Record<string, unknown>[] =>
  text
    .split("\n")
    .filter((line) => line.trim() !== "")
    .map((line) => JSON.parse(line) as Record<string, unknown>);

// biome-ignore lint/suspicious/noExplicitAny: wire bodies are read field by field, and the assertions check them.
export type Json = any;

/** Reads a body until it ends or the connection drops: what arrived, and whether it was cut. */
export async function readUntilCut(response: Response): Promise<{ text: string; cut: boolean }> {
  const reader = response.body?.getReader();
  if (!reader) return { text: "", cut: false };
  const decoder = new TextDecoder();
  let text = "";
  try {
    for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read())
      text += decoder.decode(chunk.value, { stream: true });
    return { text, cut: false };
  } catch {
    return { text, cut: true };
  }
}

export const readJson = async (response: Response): Promise<Json> => (await response.json()) as Json;
