import type { EventOf } from "../../src/core/events/run-event.js";
import type { Message } from "../../src/core/messages.js";
import { timeAt } from "./sample-events.js";

/** Distinct text of about `length` characters, the same on every run of the tests. */
export function filler(label: string, length = 2000): string {
  const unit = `${label} lorem ipsum dolor sit amet; `;
  return unit.repeat(Math.ceil(length / unit.length)).slice(0, length);
}

/** A conversation as the engine grows it: a system prompt, then `turns` messages of about 2 KB each. */
export function conversation(turns: number): Message[] {
  const messages: Message[] = [{ role: "system", content: "You are a careful agent." }];
  for (let turn = 0; turn < turns; turn += 1) {
    messages.push(
      turn % 2 === 0
        ? { role: "user", content: filler(`turn ${turn}`) }
        : { role: "assistant", content: filler(`turn ${turn}`) },
    );
  }
  return messages;
}

export function modelCallStartEvent(
  runId: string,
  seq: number,
  messages: Message[],
): EventOf<"model-call-start"> {
  return {
    schemaVersion: 1,
    runId,
    seq,
    at: timeAt(seq),
    type: "model-call-start",
    step: seq,
    callId: `call-${seq}`,
    attempt: 1,
    model: "sim-small",
    backend: "simulated",
    request: { messages, tools: ["read_file"], maxOutputTokens: 512, temperature: 0, seed: 7 },
  };
}

export function modelCallEndEvent(runId: string, seq: number, text: string): EventOf<"model-call-end"> {
  return {
    schemaVersion: 1,
    runId,
    seq,
    at: timeAt(seq),
    type: "model-call-end",
    step: 1,
    callId: "call-1",
    model: "sim-small",
    modelVersion: "sim-small-1",
    backend: "simulated",
    text,
    toolCalls: [{ id: "tool-1", name: "write_file", arguments: JSON.stringify({ content: filler("args") }) }],
    finishReason: "tool_calls",
    usage: {
      inputTokens: 10,
      cachedInputTokens: 0,
      cacheWriteTokens: 0,
      outputTokens: 5,
      reasoningTokens: 0,
    },
    costNanoUsd: 1000,
    latencyMs: 12,
    warnings: [],
    provenance: { request: "abc" },
  };
}

export function toolCallEvent(runId: string, seq: number, argumentsText: string): EventOf<"tool-call"> {
  return {
    schemaVersion: 1,
    runId,
    seq,
    at: timeAt(seq),
    type: "tool-call",
    step: 1,
    callId: "tool-1",
    tool: "write_file",
    arguments: argumentsText,
  };
}

export function toolResultEvent(
  runId: string,
  seq: number,
  fields: { output: string; metadata?: Record<string, unknown> },
): EventOf<"tool-result"> {
  return {
    schemaVersion: 1,
    runId,
    seq,
    at: timeAt(seq),
    type: "tool-result",
    step: 1,
    callId: "tool-1",
    tool: "write_file",
    output: fields.output,
    isError: false,
    durationMs: 3,
    ...(fields.metadata === undefined ? {} : { metadata: fields.metadata }),
  };
}
