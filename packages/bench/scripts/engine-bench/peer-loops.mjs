/**
 * The loops AgentOne is compared with, each running the shared scenario with nothing persisted: a bare loop
 * with no governance, the OpenAI Agents SDK's `run()` (tracing off) with a custom Model, and the AI SDK's
 * `generateText` with a hand-written LanguageModelV3 and `stopWhen: stepCountIs(N)`. In each, a run of N
 * steps is N model calls: a tool call on each of the first N-1, then the answer.
 */
import { readFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import { Agent, tool as agentsTool, Runner, setTracingDisabled, Usage } from "@openai/agents";
import { tool as aiTool, generateText, stepCountIs } from "ai";
import { z } from "zod";
import {
  answerText,
  reportedUsage,
  toolArguments,
  toolDescription,
  toolName,
  toolOutput,
} from "./scenario.mjs";

/**
 * A loop with no governance: call the model, keep the conversation, run the tool it asks for. What is
 * left of a step once every framework's work is taken out.
 */
async function runBareLoop(stepCount) {
  const messages = [{ role: "user", content: "Tick until done" }];
  const usage = { inputTokens: 0, outputTokens: 0 };
  let calls = 0;
  const model = async (_conversation) => {
    calls += 1;
    const call = calls;
    return call < stepCount
      ? {
          toolCalls: [{ id: `call_${call}`, name: toolName, arguments: JSON.stringify(toolArguments(call)) }],
        }
      : { text: answerText };
  };
  const tools = { [toolName]: async ({ turn }) => toolOutput(turn) };
  for (let step = 1; step <= stepCount; step++) {
    const reply = await model(messages);
    usage.inputTokens += reportedUsage.inputTokens;
    usage.outputTokens += reportedUsage.outputTokens;
    messages.push({ role: "assistant", ...reply });
    if (reply.toolCalls === undefined) return { steps: step, text: reply.text };
    for (const call of reply.toolCalls)
      messages.push({
        role: "tool",
        id: call.id,
        content: await tools[call.name](JSON.parse(call.arguments)),
      });
  }
  throw new Error(`bare loop: no answer after ${stepCount} steps`);
}

/** A Model for the OpenAI Agents SDK that answers at once, as the scenario says. */
class InstantAgentsModel {
  #calls = 0;
  constructor(stepCount) {
    this.stepCount = stepCount;
  }

  async getResponse() {
    this.#calls += 1;
    const call = this.#calls;
    const usage = new Usage({
      requests: 1,
      inputTokens: reportedUsage.inputTokens,
      outputTokens: reportedUsage.outputTokens,
      totalTokens: reportedUsage.inputTokens + reportedUsage.outputTokens,
    });
    const output =
      call < this.stepCount
        ? [
            {
              type: "function_call",
              callId: `call_${call}`,
              name: toolName,
              arguments: JSON.stringify(toolArguments(call)),
              status: "completed",
            },
          ]
        : [
            {
              type: "message",
              role: "assistant",
              status: "completed",
              content: [{ type: "output_text", text: answerText }],
            },
          ];
    return { usage, output, responseId: `response_${call}` };
  }

  // biome-ignore lint/correctness/useYield: the scenario only calls getResponse; streaming is not measured.
  async *getStreamedResponse() {
    throw new Error("InstantAgentsModel does not stream");
  }

  get calls() {
    return this.#calls;
  }
}

const agentsTick = agentsTool({
  name: toolName,
  description: toolDescription,
  parameters: z.object({ turn: z.number().int() }),
  execute: async ({ turn }) => toolOutput(turn),
});

async function runOpenAIAgents(stepCount) {
  setTracingDisabled(true);
  const model = new InstantAgentsModel(stepCount);
  const agent = new Agent({ name: "ticker", instructions: "Tick until done.", model, tools: [agentsTick] });
  const runner = new Runner({ tracingDisabled: true });
  const result = await runner.run(agent, "Tick until done", { maxTurns: stepCount + 1 });
  if (model.calls !== stepCount || result.finalOutput !== answerText)
    throw new Error(
      `OpenAI Agents SDK: ${model.calls} model calls of ${stepCount}, output ${result.finalOutput}`,
    );
  return { steps: model.calls, text: result.finalOutput };
}

/** A LanguageModelV3 that answers at once; hand-written so no call is recorded (as a mock's would be). */
function instantLanguageModel(stepCount) {
  let calls = 0;
  const usage = {
    inputTokens: {
      total: reportedUsage.inputTokens,
      noCache: reportedUsage.inputTokens,
      cacheRead: 0,
      cacheWrite: 0,
    },
    outputTokens: { total: reportedUsage.outputTokens, text: reportedUsage.outputTokens, reasoning: 0 },
  };
  return {
    specificationVersion: "v3",
    provider: "bench",
    modelId: "instant",
    supportedUrls: {},
    get calls() {
      return calls;
    },
    async doGenerate() {
      calls += 1;
      const content =
        calls < stepCount
          ? [
              {
                type: "tool-call",
                toolCallId: `call_${calls}`,
                toolName,
                input: JSON.stringify(toolArguments(calls)),
              },
            ]
          : [{ type: "text", text: answerText }];
      const finish = calls < stepCount ? "tool-calls" : "stop";
      return { content, finishReason: { unified: finish, raw: finish }, usage, warnings: [] };
    },
    async doStream() {
      throw new Error("instantLanguageModel does not stream");
    },
  };
}

const aiTick = aiTool({
  description: toolDescription,
  inputSchema: z.object({ turn: z.number().int() }),
  execute: async ({ turn }) => toolOutput(turn),
});

async function runAiSdk(stepCount) {
  const model = instantLanguageModel(stepCount);
  const result = await generateText({
    model,
    prompt: "Tick until done",
    tools: { [toolName]: aiTick },
    stopWhen: stepCountIs(stepCount),
  });
  if (model.calls !== stepCount || result.text !== answerText)
    throw new Error(`AI SDK: ${model.calls} model calls of ${stepCount}, text ${result.text}`);
  return { steps: model.calls, text: result.text };
}

async function installedVersion(packageName) {
  // The packages' exports do not all list package.json: walk up from the entry point to the one named so.
  let folder = dirname(fileURLToPath(import.meta.resolve(packageName)));
  for (;;) {
    try {
      const manifest = JSON.parse(await readFile(join(folder, "package.json"), "utf8"));
      if (manifest.name === packageName) return manifest.version;
    } catch {
      // No package.json at this level: keep walking up.
    }
    const parent = dirname(folder);
    if (parent === folder) return "unknown";
    folder = parent;
  }
}

/** The peer systems, each with `run(stepCount)` timing one run; labels carry the versions installed. */
export async function openPeerSystems(kinds) {
  const agentsVersion = await installedVersion("@openai/agents");
  const aiVersion = await installedVersion("ai");
  const runners = {
    bare: { label: "bare loop, no governance", version: null, run: runBareLoop },
    "openai-agents": {
      label: `OpenAI Agents SDK ${agentsVersion} (tracing off, nothing persisted)`,
      version: agentsVersion,
      run: runOpenAIAgents,
    },
    "ai-sdk": {
      label: `Vercel AI SDK ${aiVersion} generateText (nothing persisted)`,
      version: aiVersion,
      run: runAiSdk,
    },
  };
  return kinds.map((kind) => {
    const { label, version, run } = runners[kind];
    return {
      kind,
      label,
      version,
      async run(stepCount) {
        const startedAt = performance.now();
        const result = await run(stepCount);
        const wallMs = performance.now() - startedAt;
        if (result.steps !== stepCount) throw new Error(`${kind}: ${result.steps} steps of ${stepCount}`);
        return { wallMs };
      },
      close: async () => {},
    };
  });
}
