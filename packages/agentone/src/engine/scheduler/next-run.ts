/** A run handed to the scheduler: who it belongs to and how urgent it is (higher first). */
export interface ScheduledRun {
  runId: string;
  tenant: string;
  /** Higher runs first; any finite number. Default 0. */
  priority: number;
}

/** A run waiting for a slot, as the choice of the next one sees it. */
export interface WaitingRun {
  run: ScheduledRun;
  /** Submission order: lower is older. */
  order: number;
  /** When it was submitted (the aging clock's milliseconds). */
  submittedAt: number;
}

/** The limits and the moment the next run is chosen under. */
export interface Capacity {
  maxRunning: number;
  maxRunningPerTenant: number;
  /** Runs executing now, per tenant. */
  runningByTenant: ReadonlyMap<string, number>;
  now: number;
  /** Every `agingEveryMs` waited adds 1 to a run's priority; absent: priorities never change. */
  agingEveryMs?: number;
}

/** A waiting run's priority now: its own, plus one for every aging period it has waited. */
export function effectivePriority(
  waiting: WaitingRun,
  capacity: Pick<Capacity, "now" | "agingEveryMs">,
): number {
  const aging = capacity.agingEveryMs;
  if (aging === undefined) return waiting.run.priority;
  return waiting.run.priority + Math.floor(Math.max(0, capacity.now - waiting.submittedAt) / aging);
}

/**
 * The run to start next, or undefined when none may: the server is at `maxRunning`, or every waiting run's
 * tenant is at `maxRunningPerTenant`. Among the runs whose tenant has room: the highest effective priority;
 * at equal priority the tenant with the fewest runs executing (so one tenant's flood does not crowd out
 * another's first run); then the oldest. Pure.
 *
 * @example
 * ```ts
 * const next = nextRun(waiting, { maxRunning: 4, maxRunningPerTenant: 2, runningByTenant, now: Date.now() });
 * ```
 */
export function nextRun<Waiting extends WaitingRun>(
  waiting: readonly Waiting[],
  capacity: Capacity,
): Waiting | undefined {
  const runningOf = (tenant: string) => capacity.runningByTenant.get(tenant) ?? 0;
  let total = 0;
  for (const count of capacity.runningByTenant.values()) total += count;
  if (total >= capacity.maxRunning) return undefined;
  let best: { waiting: Waiting; priority: number; tenantRunning: number } | undefined;
  for (const candidate of waiting) {
    const tenantRunning = runningOf(candidate.run.tenant);
    if (tenantRunning >= capacity.maxRunningPerTenant) continue;
    const priority = effectivePriority(candidate, capacity);
    if (
      best === undefined ||
      priority > best.priority ||
      (priority === best.priority &&
        (tenantRunning < best.tenantRunning ||
          (tenantRunning === best.tenantRunning && candidate.order < best.waiting.order)))
    )
      best = { waiting: candidate, priority, tenantRunning };
  }
  return best?.waiting;
}
