/**
 * AgentOne: an agent execution runtime that enforces budgets while tool-using agent tasks run.
 *
 * The library surface: create a runtime (store, clock, backends and tools are passed in; the models are
 * always the caller's choice), start or resume runs, fold a run's events into its state, and build its
 * report. The real adapters (`OpenAICompatibleBackend`, `AnthropicBackend`, `OllamaBackend`) are exported
 * here; the simulated models are a package of their own (`simulatedBackends` from `@agentone/simulated`).
 *
 * @example
 * ```ts
 * import { createRuntime, loadTokenCounter, openStore, startRun, VirtualClock } from "agentone";
 * import { simulatedBackends } from "@agentone/simulated";
 *
 * const clock = new VirtualClock({ start: Date.now() });
 * const tokenCounter = await loadTokenCounter();
 * const backends = simulatedBackends({ clock, tokenCounter });
 * const runtime = createRuntime({ store: await openStore({ home: ".agentone" }), tokenCounter, clock, backends });
 * const result = await startRun(runtime, { goal: "Triage the CI failure in ci.log", workspace: "examples/ci-failure",
 *   limits: { usd: 0.25, toolCalls: 20 }, onExhaust: ["summarize"] });
 * console.log(result.status, result.outcome, result.answer);
 * await runtime.store.close();
 * ```
 */
export { AnthropicBackend, type AnthropicBackendOptions } from "./backends/anthropic/index.js";
export { BackendRegistry } from "./backends/backend-registry.js";
export { builtinModels } from "./backends/builtin-models.js";
export type {
  BackendWarning,
  FinishReason,
  ModelBackend,
  ModelRequest,
  ModelResponse,
  ModelStreamDelta,
  ModelStreamPart,
  ToolDefinition,
} from "./backends/model-backend.js";
export { ModelCatalog } from "./backends/model-catalog.js";
export { OllamaBackend, type OllamaBackendOptions } from "./backends/ollama/index.js";
export {
  OpenAICompatibleBackend,
  type OpenAICompatibleBackendOptions,
} from "./backends/openai-compatible/index.js";
export { collectModelStream } from "./backends/stream/collect-model-stream.js";
export { loadTokenCounter, type TokenCounter } from "./backends/token-counter.js";
export { type BudgetedRun, Ledger, type LedgerSnapshot, type Reservation } from "./budget/ledger.js";
export { planModelReservation } from "./budget/model-reservation.js";
export { costOfUsage, formatUsd, nanoToUsd, usdToNano } from "./budget/money.js";
export type { Holdback } from "./budget/termination-holdback.js";
export {
  type CacheSettings,
  defaultCacheSettings,
  resolveCacheSettings,
} from "./cache/cache-settings.js";
export { type BudgetDimension, type BudgetScope, budgetDimensions } from "./core/budget-dimension.js";
export {
  type BudgetLimits,
  budgetLimitsSchema,
  defaultBudgetLimits,
  type StepLimits,
} from "./core/budget-limits.js";
export type { BudgetUsage } from "./core/budget-usage.js";
export { type Clock, type Deadline, RealClock, VirtualClock } from "./core/clock/index.js";
export * from "./core/errors/index.js";
export type { StepKind, TerminationPolicy } from "./core/events/payload-schemas.js";
export {
  currentSchemaVersion,
  type EventOf,
  parseRunEvent,
  type RunEvent,
  type RunEventType,
} from "./core/events/run-event.js";
export { createRandomIdGenerator, createSequentialIdGenerator, type IdGenerator } from "./core/ids.js";
export type { Message, ToolCallRequest } from "./core/messages.js";
export { type ModelPrices, type ModelSpec, type ModelTier, modelTiers } from "./core/model-spec.js";
export { createRandom, type Random } from "./core/random.js";
export { activeElapsedMs, foldRunState } from "./core/run-state/fold-run-state.js";
export type { PendingApproval, RunState } from "./core/run-state/run-state.js";
export {
  assertTransition,
  canTransition,
  type RunOutcome,
  type RunStatus,
  runStatuses,
} from "./core/run-status.js";
export type { TokenUsage } from "./core/token-usage.js";
export type { SideEffectClass, ToolCallTraits } from "./core/tool-call-traits.js";
export {
  createExternalRun,
  decideExternalStep,
  defaultReservationTtlMs,
  type ExternalDecision,
  type ExternalDecisionInput,
  type ExternalFinishInput,
  type ExternalRunTask,
  type ExternalSettlement,
  type ExternalToolCallInput,
  type ExternalToolCallRecord,
  type ExternalUsageInput,
  evaluatePolicy,
  externalDecisionInputSchema,
  externalFinishInputSchema,
  externalRunTaskSchema,
  externalToolCallInputSchema,
  externalUsageInputSchema,
  finishExternalRun,
  type IfNotAllowed,
  ifNotAllowedActions,
  type PolicyEvaluation,
  type PolicyEvaluationInput,
  policyEvaluationInputSchema,
  recordExternalToolCall,
  settleExternalUsage,
} from "./engine/external-run/index.js";
export { FileKillSwitch } from "./engine/kill-switch/file-kill-switch.js";
export { type KillScope, type KillSwitch, MemoryKillSwitch } from "./engine/kill-switch/kill-switch.js";
export { createRun } from "./engine/lifecycle/create-run.js";
export {
  type ApprovalDecisionInput,
  type ApprovalResult,
  decideApproval,
  pendingApprovals,
} from "./engine/lifecycle/decide-approval.js";
export type { RunResult } from "./engine/lifecycle/execute-run.js";
export { type ResumeInput, resumeRun } from "./engine/lifecycle/resume-run.js";
export type { RunTask } from "./engine/lifecycle/run-task.js";
export { startRun } from "./engine/lifecycle/start-run.js";
export type { CachedModelAnswer, CachedPlan } from "./engine/model-cache/cached-answer.js";
export type { CacheRecord, RunCaches } from "./engine/model-cache/run-caches.js";
export { createStoreCaches } from "./engine/model-cache/store-caches.js";
export { BackendHealth } from "./engine/model-call/backend-health.js";
export {
  callModelForRun,
  type RunChatCall,
  streamModelForRun,
} from "./engine/model-call/call-model-for-run.js";
export type { RunChatRequest } from "./engine/model-call/run-chat-request.js";
export {
  type Divergence,
  describeDivergence,
  type ForkInput,
  forkRun,
  type ReplayBase,
  type ReplayCounters,
  type ReplayOptions,
  type ReplayOverrides,
  type ReplayResult,
  replayRun,
} from "./engine/replay/index.js";
export { createRuntime, type Runtime, type RuntimeOptions } from "./engine/runtime.js";
export { ToolResultCache } from "./engine/tool-call/tool-cache/tool-result-cache.js";
export {
  type ApprovalPolicy,
  type ApprovalPolicyInput,
  type ApprovalRule,
  type ApprovalRuleInput,
  type ApprovalVerdict,
  createApprovalPolicy,
  defaultApprovalTimeoutMs,
} from "./policy/approval-policy.js";
export { decideFallback } from "./policy/decide-fallback.js";
export {
  decideNestedCall,
  decideStep,
  type StepDecision,
  type StepDecisionInput,
} from "./policy/decide-step.js";
export { predictLatencyMs } from "./policy/predict-latency.js";
export { reasons } from "./policy/reason-codes.js";
export {
  defaultLimitsFor,
  type QualityLevel,
  qualityPresets,
  type RoutingPolicy,
  type RoutingPolicyInput,
  resolveRoutingPolicy,
  routingPolicyInputSchema,
} from "./policy/routing-policy.js";
export type { FallbackInput, HealthView } from "./policy/step-decision.js";
export { defaultStopRules, firstStopCause, type StopCause, type StopRule } from "./policy/stop-rules.js";
export { buildReport } from "./report/build-report.js";
export type { CacheReport } from "./report/cache-report.js";
export type { ProvenanceReport } from "./report/provenance-report.js";
export { renderReport } from "./report/render-report.js";
export type { RunReport } from "./report/run-report.js";
export { openStore } from "./store/open-store.js";
export type { LedgerEntry, RunRecord, Store } from "./store/store.js";
export { PolicyMetrics, type PolicyMetricsSnapshot } from "./telemetry/policy-metrics.js";
export { createDefaultTools, type DefaultToolsOptions } from "./tools/default-tools.js";
export { type MountedMcpServers, mountMcpServers } from "./tools/mcp/mount-mcp-servers.js";
export type {
  AnyTool,
  NestedModelRequest,
  Tool,
  ToolCacheStore,
  ToolContext,
  ToolOutput,
} from "./tools/tool.js";
export { createWorkspaceTools } from "./tools/workspace/index.js";
