/** The command line of `bench:engine`: sections, systems, sizes and repetitions, checked up front. */
import { parseArgs } from "node:util";

// Here rather than beside the loops, so that --help and a usage error load none of the measured code.
export const storeKinds = ["engine", "memory", "pglite", "postgres"];
export const peerKinds = ["bare", "openai-agents", "ai-sdk"];
export const sectionNames = ["steps", "peers", "storage", "startup", "replay", "floors"];

export const usage = `usage: node --expose-gc packages/bench/scripts/bench-engine.mjs [options]   (npm run bench:engine -- [options])

Measures AgentOne's governed loop against the goals of issue 15, side by side with a bare loop, the OpenAI
Agents SDK and the AI SDK, all in this one process and run. Needs a build (npm run build; the npm script
builds first). Every row prints its goal and whether it is met.

  --sections <list>       which to measure (default all): ${sectionNames.join(", ")}
                            steps    per governed step wall time per store and N, and the late/early ratio
                            peers    the same scenario in the bare loop, OpenAI Agents SDK and AI SDK
                            storage  event log bytes per step (the governed runs' own; runs them if steps is off)
                            startup  agentone --help, runs, and the first run in a new home, as child processes
                            replay   replayRun of one recorded run
                            floors   the databases alone: one durable commit of one row (PGlite on disk,
                                     PostgreSQL), and opening an existing PGlite store
  --stores <list>         ${storeKinds.join(", ")} (default all; postgres is skipped without a database URL);
                          engine is a reference, not a store: the engine alone, its appends and cache reads
                          answered at once (events kept in memory)
  --peers <list>          ${peerKinds.join(", ")} (default all)
  --sizes <list>          steps per run (default 10,100,1000; --quick: 10,100)
  --repetitions <n>       measured runs per system at each size under 1000 steps (default 5; --quick: 3)
  --long-repetitions <n>  measured runs per system at 1000 steps and more (default 3)
  --warmup <n>            unmeasured runs per system before each size under 1000 steps (default 1)
  --startup-rounds <n>    rounds of the start-up measurements, each in a new home (default 5; --quick: 2)
  --replay-steps <n>      steps of the replayed run (default 1000; --quick: 100)
  --replay-rounds <n>     replays of it (default 3; --quick: 2)
  --database-url <url>    PostgreSQL for the postgres store (default $AGENTONE_BENCH_DATABASE_URL); the script
                          works in a private schema and drops it at the end
  --quick                 fewer repetitions, runs of at most 100 steps
  --json <file>           also write every row and raw figure as JSON
  --help                  this text`;

/** A usage problem: the script prints it with the usage and exits with status 2. */
export class BenchUsageError extends Error {}

function list(text, allowed, name) {
  const items = text
    .split(",")
    .map((item) => item.trim())
    .filter((item) => item !== "");
  for (const item of items)
    if (!allowed.includes(item))
      throw new BenchUsageError(`--${name}: unknown '${item}' (one of ${allowed.join(", ")})`);
  return items;
}

function integer(text, name, minimum) {
  const value = Number(text);
  if (!Number.isInteger(value) || value < minimum)
    throw new BenchUsageError(`--${name} must be an integer >= ${minimum}, not '${text}'`);
  return value;
}

/** Parses `argv` into the settings of a run; throws {@link BenchUsageError} for anything it cannot use. */
export function parseOptions(argv, environment) {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      options: {
        sections: { type: "string", default: sectionNames.join(",") },
        stores: { type: "string", default: storeKinds.join(",") },
        peers: { type: "string", default: peerKinds.join(",") },
        sizes: { type: "string" },
        repetitions: { type: "string" },
        "long-repetitions": { type: "string", default: "3" },
        warmup: { type: "string", default: "1" },
        "startup-rounds": { type: "string" },
        "replay-steps": { type: "string" },
        "replay-rounds": { type: "string" },
        "database-url": { type: "string", default: environment.AGENTONE_BENCH_DATABASE_URL ?? "" },
        quick: { type: "boolean", default: false },
        json: { type: "string" },
        help: { type: "boolean", default: false },
      },
    }).values;
  } catch (error) {
    throw new BenchUsageError(error.message);
  }
  const quick = parsed.quick;
  const sizes = (parsed.sizes ?? (quick ? "10,100" : "10,100,1000"))
    .split(",")
    .map((size) => integer(size, "sizes", 3));
  return {
    help: parsed.help,
    quick,
    sections: list(parsed.sections, sectionNames, "sections"),
    stores: list(parsed.stores, storeKinds, "stores"),
    peers: list(parsed.peers, peerKinds, "peers"),
    sizes: [...new Set(sizes)].sort((left, right) => left - right),
    repetitions: integer(parsed.repetitions ?? (quick ? "3" : "5"), "repetitions", 1),
    longRepetitions: integer(parsed["long-repetitions"], "long-repetitions", 1),
    warmup: integer(parsed.warmup, "warmup", 0),
    startupRounds: integer(parsed["startup-rounds"] ?? (quick ? "2" : "5"), "startup-rounds", 1),
    replaySteps: integer(parsed["replay-steps"] ?? (quick ? "100" : "1000"), "replay-steps", 3),
    replayRounds: integer(parsed["replay-rounds"] ?? (quick ? "2" : "3"), "replay-rounds", 1),
    databaseUrl: parsed["database-url"],
    json: parsed.json,
  };
}

/** Measured runs per system at a size: fewer for the long runs, which cost the most. */
export function repetitionsAt(options, stepCount) {
  return stepCount >= 1000 ? options.longRepetitions : options.repetitions;
}
