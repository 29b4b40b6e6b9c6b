import { z } from "zod";
import { EventSchemaError } from "../errors/index.js";
import {
  artifactsSchema,
  budgetAmountSchema,
  cacheRecordSchema,
  decisionSchema,
  dimensionSchema,
  messageSchema,
  nestedCallSchema,
  runOptionsSchema,
  scopeSchema,
  statusSchema,
  stepKindSchema,
  tokenUsageSchema,
  toolCallSchema,
  usageAnomalySchema,
} from "./payload-schemas.js";

/** The schema version this build writes. Readers accept every version in {@link supportedSchemaVersions}. */
export const currentSchemaVersion = 1;
export const supportedSchemaVersions: readonly number[] = [1];

const base = {
  schemaVersion: z.literal(1),
  runId: z.string(),
  seq: z.number().int().nonnegative(),
  /** ISO-8601 time from the run's injected clock. */
  at: z.string(),
};

const event = <Type extends string, Shape extends z.ZodRawShape>(type: Type, shape: Shape) =>
  z.object({ ...base, type: z.literal(type), ...shape });

export const runEventSchema = z.discriminatedUnion("type", [
  event("run-start", {
    goal: z.string(),
    workspace: z.string(),
    options: runOptionsSchema,
    parentRunId: z.string().nullable(),
    /** A fork: the run and step it branched from, and how many of its first events it inherited. */
    forkedFrom: z
      .object({ runId: z.string(), step: z.number().int(), inheritedEvents: z.number().int() })
      .optional(),
  }),
  event("run-transition", { from: statusSchema, to: statusSchema, reason: z.string() }),
  event("step-start", { step: z.number().int(), kind: stepKindSchema, decision: decisionSchema }),
  event("model-call-start", {
    step: z.number().int(),
    callId: z.string(),
    attempt: z.number().int(),
    model: z.string(),
    backend: z.string(),
    request: z.object({
      messages: z.array(messageSchema),
      tools: z.array(z.string()),
      maxOutputTokens: z.number().int(),
      temperature: z.number().optional(),
      seed: z.number().int().optional(),
    }),
    /** Set when a tool made this call (absent for the step's own call, and in older logs). */
    nested: nestedCallSchema.optional(),
  }),
  event("model-call-end", {
    step: z.number().int(),
    callId: z.string(),
    model: z.string(),
    modelVersion: z.string(),
    backend: z.string(),
    text: z.string(),
    toolCalls: z.array(toolCallSchema),
    finishReason: z.string(),
    usage: tokenUsageSchema,
    /** The server reported no usage; `usage` was counted with the token counter (absent in older logs). */
    usageEstimated: z.boolean().optional(),
    costNanoUsd: z.number().int(),
    latencyMs: z.number(),
    warnings: z.array(z.object({ type: z.string(), feature: z.string(), detail: z.string().optional() })),
    provenance: z.record(z.string(), z.string()),
    /** Where the answer came from: the response cache, a reused plan, or the model (see cacheRecordSchema). */
    cache: cacheRecordSchema.optional(),
    /** Set when a tool made this call: the answer went to the tool, not into the conversation. */
    nested: nestedCallSchema.optional(),
  }),
  event("model-call-error", {
    step: z.number().int(),
    callId: z.string(),
    model: z.string(),
    backend: z.string(),
    code: z.string(),
    failure: z.string(),
    message: z.string(),
    retryable: z.boolean(),
    latencyMs: z.number(),
    /** The server's wait hint, when it gave one (retries honour it; replay needs it to wait the same). */
    retryAfterMs: z.number().optional(),
    /** What the failed call was billed (a stream cut midway is, for its input), nano-dollars. */
    costNanoUsd: z.number().int().optional(),
    nested: nestedCallSchema.optional(),
  }),
  event("retry-schedule", {
    step: z.number().int(),
    attempt: z.number().int(),
    /** The model the retry runs on (absent in older logs; the report then infers it). */
    model: z.string().optional(),
    waitMs: z.number(),
    reason: z.string(),
    nested: nestedCallSchema.optional(),
  }),
  event("fallback-select", {
    step: z.number().int(),
    fromModel: z.string(),
    failure: z.string(),
    decision: decisionSchema,
    nested: nestedCallSchema.optional(),
  }),
  event("circuit-transition", {
    backend: z.string(),
    from: z.enum(["closed", "open", "half-open"]),
    to: z.enum(["closed", "open", "half-open"]),
    consecutiveFailures: z.number().int(),
  }),
  event("budget-reserve", {
    step: z.number().int(),
    reservationId: z.string(),
    purpose: z.enum(["model-call", "tool-call"]),
    amount: budgetAmountSchema,
    maxOutputTokens: z.number().int().optional(),
    clampedBy: z.string().nullable().optional(),
  }),
  event("budget-settle", {
    step: z.number().int(),
    reservationId: z.string(),
    actual: budgetAmountSchema,
    released: budgetAmountSchema,
    /** Set when the reported usage contradicts the request; the spend is recorded all the same. */
    anomalies: z.array(usageAnomalySchema).optional(),
    /** An external run's reservation nobody settled in time, settled at its worst case (absent otherwise). */
    expired: z.literal(true).optional(),
  }),
  event("budget-warning", {
    dimension: dimensionSchema,
    fractionUsed: z.number(),
    used: z.number(),
    limit: z.number(),
  }),
  event("budget-exceeded", {
    dimension: dimensionSchema,
    scope: scopeSchema,
    spent: z.number(),
    limit: z.number(),
    requested: z.number(),
  }),
  event("tool-call", {
    step: z.number().int(),
    callId: z.string(),
    tool: z.string(),
    arguments: z.string(),
    /** The key the call's side effects carry (e.g. `Idempotency-Key`), stable across retries and resumes. */
    idempotencyKey: z.string().optional(),
  }),
  event("tool-result", {
    step: z.number().int(),
    callId: z.string(),
    tool: z.string(),
    output: z.string(),
    isError: z.boolean(),
    errorReason: z.string().optional(),
    durationMs: z.number(),
    metadata: z.record(z.string(), z.unknown()).optional(),
  }),
  event("step-end", {
    step: z.number().int(),
    kind: stepKindSchema,
    status: z.enum(["ok", "failed"]),
    error: z.string().optional(),
    durationMs: z.number(),
    /** The step's latency SLA and how it went: time spent in model calls against the target. */
    sla: z
      .object({ targetMs: z.number(), predictedMs: z.number(), actualMs: z.number(), met: z.boolean() })
      .optional(),
  }),
  event("verification-request", { step: z.number().int(), text: z.string() }),
  /** A tool call waits for a human's decision; the run moves to `awaiting_approval`. */
  event("approval-request", {
    step: z.number().int(),
    callId: z.string(),
    tool: z.string(),
    arguments: z.string(),
    /** Why the call needs approval. */
    reason: z.string(),
  }),
  /** A tool call was approved or denied: by a human, by an operator's rule, or by the approval timeout. */
  event("approval-decision", {
    step: z.number().int(),
    callId: z.string(),
    tool: z.string(),
    decision: z.enum(["approve", "deny"]),
    decidedBy: z.enum(["human", "rule", "timeout"]),
    reason: z.string().nullable(),
    /** The rule that decided, e.g. `tools.approvals.rules[0]` (decidedBy `rule`). */
    rule: z.string().optional(),
    /**
     * Set when the runtime that continues the run had seen no backend yet (a new process): replay starts its
     * backend health afresh here (see `BackendHealth.pristine`).
     */
    freshHealth: z.literal(true).optional(),
  }),
  event("run-kill", {
    scope: z.enum(["run", "global"]),
    /** Why the kill came from outside the run, e.g. that the process executing it had died. */
    note: z.string().optional(),
  }),
  event("run-input", {
    text: z.string().nullable(),
    addUsd: z.number().optional(),
    addTokens: z.number().int().optional(),
    addSteps: z.number().int().optional(),
    addToolCalls: z.number().int().optional(),
    addModelCalls: z.number().int().optional(),
    addRetries: z.number().int().optional(),
    addWallClockMs: z.number().int().optional(),
    /** As on `approval-decision`: the run continues on a runtime that had seen no backend yet. */
    freshHealth: z.literal(true).optional(),
  }),
  event("run-end", {
    status: statusSchema,
    outcome: z.enum(["complete", "partial"]),
    terminationReason: z.string(),
    answer: z.string().nullable(),
    artifacts: artifactsSchema,
  }),
]);

/** One entry of a run's append-only log. */
export type RunEvent = z.infer<typeof runEventSchema>;
export type RunEventType = RunEvent["type"];
/** The event of one type. */
export type EventOf<Type extends RunEventType> = Extract<RunEvent, { type: Type }>;
/** An event before the log gives it its place: no run id, sequence number or time yet. */
export type EventPayload = RunEvent extends infer Each
  ? Each extends RunEvent
    ? Omit<Each, "schemaVersion" | "runId" | "seq" | "at">
    : never
  : never;

/**
 * Validates a stored event. Throws {@link EventSchemaError} for a future or unknown schema version, or a
 * malformed event, naming what is wrong.
 */
export function parseRunEvent(value: unknown): RunEvent {
  const version = (value as { schemaVersion?: unknown } | null)?.schemaVersion;
  if (typeof version !== "number" || !supportedSchemaVersions.includes(version)) {
    throw new EventSchemaError(`unsupported event schema version ${String(version)}`, {
      details: { schemaVersion: version, supported: supportedSchemaVersions },
    });
  }
  const parsed = runEventSchema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new EventSchemaError(
      `malformed event: ${issue?.path.join(".") || "(root)"}: ${issue?.message ?? "invalid"}`,
      {
        details: { issues: parsed.error.issues.slice(0, 5) },
      },
    );
  }
  return parsed.data;
}
