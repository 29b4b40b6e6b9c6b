import { ConfigError } from "../../core/errors/index.js";
import { admitRunTask, type RunOwnership, writeRunStart } from "../lifecycle/create-run.js";
import type { Runtime } from "../runtime.js";
import {
  defaultReservationTtlMs,
  type ExternalRunTask,
  externalRunTaskSchema,
} from "./external-run-inputs.js";

/**
 * Creates an external run: limits, a routing policy and an event log, and no loop. Its caller runs its own
 * agent loop and asks before every step (`decideExternalStep`), reports what each call spent
 * (`settleExternalUsage`) and each tool call (`recordExternalToolCall`), and closes it
 * (`finishExternalRun`). The run is `running` from creation until it is finished or killed; it waits in
 * `awaiting_input` when its budget runs out under `ask-human`.
 *
 * `options.tenant` goes on the run's row only, as for `createRun`; `options.runId` names the run (a server
 * that claimed an idempotency key for it first). Validates first: bad input throws ConfigError naming the
 * key and writes nothing; so does a global kill switch (KillSwitchTriggeredError).
 *
 * @example
 * ```ts
 * const runId = await createExternalRun(runtime, {
 *   goal: "Answer the ticket", workspace: ".", limits: { usd: 0.5, toolCalls: 20 }, onExhaust: ["hard-stop"],
 *   reservationTtlMs: 120_000,
 * });
 * const decision = await decideExternalStep(runtime, runId, { stepKind: "plan", estimatedInputTokens: 1200 });
 * ```
 */
export async function createExternalRun(
  runtime: Runtime,
  task: ExternalRunTask,
  options: RunOwnership & { runId?: string } = {},
): Promise<string> {
  const { reservationTtlMs, ...rest } = task;
  const { runId, ...ownership } = options;
  const ttl = externalRunTaskSchema.shape.reservationTtlMs.safeParse(reservationTtlMs);
  if (!ttl.success)
    throw new ConfigError(`invalid task: reservationTtlMs: ${ttl.error.issues[0]?.message ?? "invalid"}`, {
      key: "reservationTtlMs",
    });
  const validated = await admitRunTask(runtime, rest);
  const log = await writeRunStart(runtime, runId ?? runtime.ids.next("run"), {
    ...validated,
    ...ownership,
    external: { reservationTtlMs: ttl.data ?? defaultReservationTtlMs },
  });
  // Open from the start: the caller's loop is running from now on, and its time counts.
  log.transition("running", "external run opened");
  await log.commit();
  return log.runId;
}
