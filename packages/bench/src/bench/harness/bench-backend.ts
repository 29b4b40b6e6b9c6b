import type { FaultSpec } from "@agentone/simulated";
import type { BackendRegistry, Clock, ModelSpec, ModelTier } from "agentone";

/** What one run talks to: its backends and catalog, its clock, and what to close after it. */
export interface RunModels {
  registry: BackendRegistry;
  clock: Clock;
  close(): Promise<void>;
}

/** Where the bench's model calls go: the in-process simulator, the sim-server over HTTP, or real models. */
export interface BenchBackend {
  /** `sim`, `wire`, or the real model ids, comma-separated. */
  label: string;
  /** True when every model is simulated (the report then says so on every table and chart). */
  simulated: boolean;
  /** True when the runs' clock is virtual (simulated latencies take no real time). */
  virtualClock: boolean;
  /** Whether `openRun` can inject faults. */
  supportsFaults: boolean;
  /** The models routing may choose from. */
  models: readonly ModelSpec[];
  /**
   * Fresh backends and a fresh clock for one run, so runs never share state. `faultSeed` seeds the injected
   * faults (and the sim-server's own ids).
   */
  openRun(options: { faultSeed: number; faults: FaultSpec }): Promise<RunModels>;
}

const listPrice = (model: ModelSpec) => model.prices.input + model.prices.output;

/**
 * The cheapest model of a tier (by list price per million input plus output tokens, then id), or
 * undefined when no model has that tier. Baselines pin it.
 *
 * @example
 * ```ts
 * modelForTier(simulatedModels, "premium"); // "sim-premium"
 * ```
 */
export function modelForTier(models: readonly ModelSpec[], tier: ModelTier): string | undefined {
  return [...models]
    .filter((model) => model.tier === tier)
    .sort((left, right) => listPrice(left) - listPrice(right) || left.id.localeCompare(right.id))[0]?.id;
}
