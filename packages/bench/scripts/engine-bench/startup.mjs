/**
 * Start-up of the `agentone` binary, as a person meets it: `--help`, `runs` in a home with a few runs, and
 * the first `run` in a new home, each as a child process timed from spawn to exit, with its peak resident
 * memory from `/usr/bin/time` where the machine has it. `node -e 0` is timed alongside as the floor.
 */
import { spawn } from "node:child_process";
import { access, cp, mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";

const timeBinary = "/usr/bin/time";
const examplesFolder = fileURLToPath(new URL("../../../../examples/", import.meta.url));
export const startupWorkspace = "examples/ci-failure";

async function exists(path) {
  try {
    await access(path);
    return true;
  } catch {
    return false;
  }
}

function agentoneBinary() {
  return join(dirname(fileURLToPath(import.meta.resolve("agentone/package.json"))), "bin", "agentone.js");
}

/** The environment of a child: this one without a database URL (the embedded store), in `home`. */
function childEnvironment(home) {
  const { DATABASE_URL: _ignored, ...environment } = process.env;
  return { ...environment, AGENTONE_HOME: home, NO_COLOR: "1" };
}

/** Runs `node args` to exit; wall time in ms and peak RSS in MB (null without /usr/bin/time). */
async function timeChild(args, { cwd, env, withTime }) {
  const rssFile = join(cwd, `.rss-${process.pid}-${Math.random().toString(36).slice(2)}`);
  const command = withTime ? timeBinary : process.execPath;
  const commandArgs = withTime ? ["-f", "%M", "-o", rssFile, process.execPath, ...args] : args;
  let stderr = "";
  const startedAt = performance.now();
  const code = await new Promise((resolve, reject) => {
    const child = spawn(command, commandArgs, { cwd, env, stdio: ["ignore", "ignore", "pipe"] });
    child.stderr.on("data", (chunk) => {
      stderr += chunk;
    });
    child.on("error", reject);
    child.on("close", resolve);
  });
  const wallMs = performance.now() - startedAt;
  if (code !== 0) throw new Error(`node ${args.join(" ")} exited ${code}: ${stderr.slice(-2000)}`);
  if (!withTime) return { wallMs, peakRssMb: null };
  const kilobytes = Number((await readFile(rssFile, "utf8")).trim().split("\n").at(-1));
  await rm(rssFile, { force: true });
  return { wallMs, peakRssMb: kilobytes / 1024 };
}

/**
 * One round of the start-up measurements in a new home and a copy of the example workspace: the first run,
 * a second (warm) one, then `runs` (over those two), `--help` and `node -e 0`.
 */
async function measureRound(binary, withTime) {
  const scratch = await mkdtemp(join(tmpdir(), "agentone-bench-startup-"));
  try {
    const home = join(scratch, "home");
    const workspace = join(scratch, "workspace");
    await cp(join(examplesFolder, "ci-failure"), workspace, { recursive: true });
    const options = { cwd: scratch, env: childEnvironment(home), withTime };
    const runArgs = [binary, "run", "--workspace", workspace];
    return {
      firstRun: await timeChild(runArgs, options),
      warmRun: await timeChild(runArgs, options),
      runs: await timeChild([binary, "runs"], options),
      help: await timeChild([binary, "--help"], options),
      node: await timeChild(["-e", "0"], options),
    };
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}

/** `rounds` rounds of {@link measureRound}; each measurement's list of figures, in round order. */
export async function measureStartup(rounds, onRound = () => {}) {
  const binary = agentoneBinary();
  if (!(await exists(binary))) throw new Error(`the agentone binary is not at ${binary}`);
  const withTime = await exists(timeBinary);
  const figures = { firstRun: [], warmRun: [], runs: [], help: [], node: [] };
  for (let round = 0; round < rounds; round++) {
    const measured = await measureRound(binary, withTime);
    for (const [name, value] of Object.entries(measured)) figures[name].push(value);
    onRound(round + 1);
  }
  return { rssAvailable: withTime, figures };
}
