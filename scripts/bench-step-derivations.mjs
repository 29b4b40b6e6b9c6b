#!/usr/bin/env node
/**
 * What a step derives from its conversation before the model call (the request's token estimate and its
 * response-cache key), fresh as the engine once did at every step, and through the run's memo as it does
 * now: CPU milliseconds per step (CPU time, so a busy machine inflates it less than wall time) around
 * step 100 and around the last step. A fresh derivation grows with the
 * conversation; the memoised one should stay nearly flat. Both must agree, and the script checks they do.
 *
 * Uses the built `dist/` of `packages/agentone` (run `npm run build` first).
 *
 * @example
 * ```sh
 * node scripts/bench-step-derivations.mjs --steps 1000
 * ```
 */
import { parseArgs } from "node:util";

const { values: options } = parseArgs({ options: { steps: { type: "string", default: "1000" } } });
const steps = Number(options.steps);
if (!Number.isInteger(steps) || steps < 100) {
  console.error("--steps must be an integer >= 100");
  process.exit(2);
}

const dist = new URL("../packages/agentone/dist/", import.meta.url);
const { loadTokenCounter, estimateRequestTokens } = await import(
  new URL("backends/token-counter.js", dist).href
);
const { createRequestTokenMemo } = await import(new URL("backends/request-token-memo.js", dist).href);
const { modelCacheKey } = await import(new URL("cache/model-cache-key.js", dist).href);
const { createModelCacheKeyer } = await import(new URL("cache/model-cache-keyer.js", dist).href);

const counter = await loadTokenCounter();
const tools = [
  {
    name: "tick",
    description: "Records one tick and answers at once.",
    inputSchema: { type: "object", properties: { turn: { type: "integer" } }, required: ["turn"] },
  },
];

/** One run's requests, as the engine builds them: system prompt, conversation, budget line. */
function* requests() {
  let conversation = [{ role: "user", content: "Tick until done" }];
  for (let step = 1; step <= steps; step++) {
    conversation = [
      ...conversation,
      {
        role: "assistant",
        content: "",
        toolCalls: [{ id: `c${step}`, name: "tick", arguments: `{"turn":${step}}` }],
      },
      { role: "tool", toolCallId: `c${step}`, toolName: "tick", content: `tick ${step} ${"x".repeat(400)}` },
    ];
    const messages = [
      { role: "system", content: "You are an agent.\nCurrent step: act." },
      ...conversation,
      { role: "user", content: `Budget remaining: ${steps + 10 - step} steps.` },
    ];
    yield {
      messages,
      tools,
      key: { model: "m", backend: "b", messages, tools, temperature: 0, maxOutputTokens: 512 },
    };
  }
}

function measure(derive) {
  const times = [];
  const results = [];
  for (const request of requests()) {
    const startedAt = process.cpuUsage();
    results.push(derive(request));
    const used = process.cpuUsage(startedAt);
    times.push((used.user + used.system) / 1000);
  }
  const medianBefore = (step) => {
    const window = times.slice(step - 10, step).sort((a, b) => a - b);
    return window[Math.floor(window.length / 2)];
  };
  return { results, at100: medianBefore(100), atLast: medianBefore(steps) };
}

const fresh = measure((request) => [estimateRequestTokens(counter, request), modelCacheKey(request.key)]);
const tokens = createRequestTokenMemo(counter);
const keys = createModelCacheKeyer();
const memoised = measure((request) => [tokens.estimate(request), keys.keyOf(request.key)]);
const agree = fresh.results.every((pair, index) => pair.join() === memoised.results[index].join());

console.log(`token estimate + cache key, CPU ms per step, ${steps} steps (median of the 10 steps before)`);
for (const [name, figures] of [
  ["fresh", fresh],
  ["memoised", memoised],
])
  console.log(
    `  ${name.padEnd(9)} step 100: ${figures.at100.toFixed(3)} ms   step ${steps}: ${figures.atLast.toFixed(3)} ms`,
  );
console.log(`  memoised equals fresh at every step: ${agree}`);
if (!agree) process.exit(1);
