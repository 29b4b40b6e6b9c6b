/**
 * Test support for AgentOne and for programs that embed it: a strict scripted backend, a fast in-memory
 * store, and a runtime assembled from them on a virtual clock.
 *
 * @example
 * ```ts
 * import { createTestRuntime, ScriptedBackend } from "agentone/testing";
 *
 * const backend = new ScriptedBackend({ steps: [{ text: "plan" }, { text: "the answer" }] });
 * const runtime = await createTestRuntime({ backend });
 * ```
 */

export { streamOfResponse } from "../backends/stream/parts-of-response.js";
export { MemoryToolCacheStore } from "./memory-tool-cache-store.js";
export {
  ScriptedBackend,
  type ScriptedReply,
  type ScriptedStep,
  scriptedModel,
  scriptedModels,
} from "./scripted-backend.js";
export { createTestRuntime, type TestRuntimeOptions } from "./test-runtime.js";
export { createTestStore } from "./test-store.js";
export { withStreamFromGenerate } from "./with-stream-from-generate.js";
