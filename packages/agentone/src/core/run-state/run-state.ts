import type { BudgetDimension } from "../budget-dimension.js";
import type { BudgetLimits } from "../budget-limits.js";
import type { BudgetUsage } from "../budget-usage.js";
import type { StepKind } from "../events/payload-schemas.js";
import type { EventOf } from "../events/run-event.js";
import type { Message } from "../messages.js";
import type { RunOutcome, RunStatus } from "../run-status.js";

/** A tool call waiting for a human's decision (from its `approval-request` event). */
export interface PendingApproval {
  step: number;
  callId: string;
  tool: string;
  /** The arguments as the model wrote them. */
  arguments: string;
  reason: string;
  /** When the request was made (ISO, the run's clock). */
  requestedAt: string;
}

/** Everything the engine needs to continue a run, derived from its events alone. */
export interface RunState {
  runId: string;
  goal: string;
  workspace: string;
  options: EventOf<"run-start">["options"];
  parentRunId: string | null;
  /** The limits in force: the run's own plus whatever resumes added. */
  limits: BudgetLimits;
  status: RunStatus;
  outcome: RunOutcome | null;
  terminationReason: string | null;
  /** Why the run waits for a human (`budget_exhausted:toolCalls`, `approval_required`, ...); null otherwise. */
  waitReason: string | null;
  answer: string | null;
  /** The last text the model wrote (best-effort output when the run is cut short). */
  lastAssistantText: string | null;
  /** The plan written by the latest plan or replan step. */
  plan: string | null;
  /** The conversation as the model has seen it (system prompt excluded: it is rebuilt every call). */
  messages: Message[];
  usage: BudgetUsage;
  /** Time spent in active states (not waiting for a human), up to `activeSince`. */
  activeMs: number;
  /** When the current active stretch began; null while waiting or finished. */
  activeSince: string | null;
  lastStep: number;
  /** The kind of the step in progress or last run. */
  currentStepKind: StepKind | null;
  consecutiveFailedSteps: number;
  /** Settlements whose reported usage contradicted their request (`budget-settle` anomalies). */
  usageAnomalies: number;
  /** Tool calls since the last plan or replan step. */
  actStepsSincePlan: number;
  warned: Set<BudgetDimension>;
  /** Files changed since the last command ran (`run_command`): edits nobody has tested yet. */
  unverifiedEdits: boolean;
  /** The engine already asked the model to verify the current edits. */
  verificationRequested: boolean;
  /** Tool calls requested for approval and not yet decided, in request order. */
  pendingApprovals: PendingApproval[];
  createdAt: string;
  updatedAt: string;
  lastSeq: number;
}
