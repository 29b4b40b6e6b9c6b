import type { Message, ModelRequest } from "agentone";
import { describe, expect, it } from "vitest";
import { requestSeed } from "./request-seed.js";

function request(messages: Message[], extra: Partial<ModelRequest> = {}): ModelRequest {
  return {
    model: "sim-cheap",
    seed: 1,
    maxOutputTokens: 100,
    tools: [{ name: "read_file", description: "", inputSchema: {} }],
    messages: [{ role: "system", content: "Current step: act." }, ...messages],
    ...extra,
  };
}

const call = (id: string, url: string): Message => ({
  role: "assistant",
  content: "Fetching.",
  toolCalls: [{ id, name: "http_request", arguments: JSON.stringify({ method: "GET", url }) }],
});

describe("requestSeed", () => {
  it("ignores what differs between executions of one run: tool output, ports, budget lines, own texts", () => {
    const first = requestSeed(
      request([
        { role: "user", content: "Use the API at http://127.0.0.1:41000." },
        call("c1", "http://127.0.0.1:41000/orders"),
        { role: "tool", toolCallId: "c1", toolName: "http_request", content: "duration_ms: 1.2" },
        { role: "user", content: "Budget remaining: at least $1.00 (50%), 12 steps." },
      ]),
    );
    const second = requestSeed(
      request([
        { role: "user", content: "Use the API at http://127.0.0.1:52311." },
        { ...call("c9", "http://127.0.0.1:52311/orders"), content: "Another note." },
        { role: "tool", toolCallId: "c9", toolName: "http_request", content: "duration_ms: 3.4" },
        { role: "user", content: "Budget remaining: at least $0.50 (25%), 11 steps." },
      ]),
    );
    expect(second).toBe(first);
  });

  it("changes with the seed, the model, the step kind, the goal and the calls made", () => {
    const base = request([{ role: "user", content: "Fix the test." }]);
    const seeds = new Set([
      requestSeed(base),
      requestSeed({ ...base, seed: 2 }),
      requestSeed({ ...base, model: "sim-local" }),
      requestSeed({
        ...base,
        messages: [{ role: "system", content: "Current step: final." }, ...base.messages.slice(1)],
      }),
      requestSeed(request([{ role: "user", content: "Fix the other test." }])),
      requestSeed(request([{ role: "user", content: "Fix the test." }, call("c1", "http://a.example/x")])),
    ]);
    expect(seeds.size).toBe(6);
  });
});
