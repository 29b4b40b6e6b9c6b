import { createRandom, UsageError } from "agentone";

/**
 * The faults the simulator can inject. Statuses are sent in each protocol's own error shape; `529` and
 * `503` both mean "overloaded" and are sent as that protocol's overloaded status (529 for Anthropic, 503
 * for the others). `timeout` accepts the request and never answers; `cut` starts the answer and drops the
 * connection midway; `malformed-tool-call` truncates a tool call's JSON arguments.
 */
export const faultKinds = ["429", "500", "503", "529", "timeout", "cut", "malformed-tool-call"] as const;
export type FaultKind = (typeof faultKinds)[number];

export interface FaultRate {
  kind: FaultKind;
  /** Probability per model request, in [0, 1]. */
  rate: number;
}

/** Parsed `--faults`: at most one rate per kind, summing to at most 1. */
export type FaultSpec = readonly FaultRate[];

export interface InjectedFault {
  kind: FaultKind;
  /** The `retry-after` a 429 announces, in simulated seconds (1 to 5). */
  retryAfterSeconds: number;
}

const isFaultKind = (value: string): value is FaultKind => (faultKinds as readonly string[]).includes(value);

/** Rounding slack, so that e.g. `0.1` seven times still counts as at most 1. */
const rateSlack = 1e-9;

/**
 * Parses a fault spec such as `429:0.1,500:0.05,cut:0.05`. An empty spec (or `none`) injects nothing.
 * Throws a `UsageError` (exit code 2) naming the bad entry.
 *
 * @example
 * ```ts
 * parseFaultSpec("429:0.1,timeout:0.02"); // [{ kind: "429", rate: 0.1 }, { kind: "timeout", rate: 0.02 }]
 * ```
 */
export function parseFaultSpec(text: string): FaultSpec {
  const trimmed = text.trim();
  if (trimmed === "" || trimmed === "none") return [];
  const spec: FaultRate[] = [];
  for (const raw of trimmed.split(",")) {
    const entry = raw.trim();
    const bad = (why: string) => new UsageError(`--faults: bad entry "${entry}": ${why}`);
    const match = /^([^:\s]+)\s*:\s*(\S+)$/.exec(entry);
    if (!match) throw bad("expected KIND:RATE, e.g. 429:0.1");
    const [, kind = "", rateText = ""] = match;
    if (!isFaultKind(kind)) throw bad(`unknown fault "${kind}" (expected one of ${faultKinds.join(", ")})`);
    const rate = Number(rateText);
    if (!/^(\d+(\.\d*)?|\.\d+)$/.test(rateText) || rate > 1)
      throw bad(`the rate must be a number from 0 to 1 (got "${rateText}")`);
    if (spec.some((existing) => existing.kind === kind)) throw bad(`"${kind}" is given more than once`);
    spec.push({ kind, rate });
  }
  const total = spec.reduce((sum, entry) => sum + entry.rate, 0);
  if (total > 1 + rateSlack)
    throw new UsageError(
      `--faults: the rates add up to ${Number(total.toFixed(6))}; they must add up to at most 1`,
    );
  return spec;
}

/**
 * Decides, request by request, whether to inject a fault. Each request's draw comes from its own fork of
 * the seeded generator (`fault:<n>`), so a server started with the same seed injects the same faults into
 * the same sequence of requests, whatever the timing.
 *
 * @example
 * ```ts
 * const next = createFaultInjector(parseFaultSpec("429:0.5"), 7);
 * next(); // { kind: "429", retryAfterSeconds: 3 } or null, the same for seed 7 every time
 * ```
 */
export function createFaultInjector(spec: FaultSpec, seed: number): () => InjectedFault | null {
  const root = createRandom(seed);
  let count = 0;
  return () => {
    const random = root.fork(`fault:${count++}`);
    const draw = random.next();
    const retryAfterSeconds = random.integer(1, 5);
    let cumulative = 0;
    for (const entry of spec) {
      cumulative += entry.rate;
      if (entry.rate > 0 && draw < cumulative) return { kind: entry.kind, retryAfterSeconds };
    }
    return null;
  };
}
