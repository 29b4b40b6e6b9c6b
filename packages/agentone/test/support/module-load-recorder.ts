import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";

/** The environment variable naming the file a recorded child process appends its module URLs to. */
export const loadsFileVariable = "AGENTONE_TEST_LOADS";

/**
 * Writes, in `directory`, a module to pass to a child Node process with `--import`: a resolve hook (run on
 * the loaders' thread) that appends every URL the child resolves to the file named by
 * {@link loadsFileVariable}. Returns its path.
 *
 * @example
 * ```ts
 * const hook = await writeLoadRecorder(scratch);
 * await run(process.execPath, ["--import", pathToFileURL(hook).href, entry], { env: { [loadsFileVariable]: file } });
 * const urls = await recordedLoads(file);
 * ```
 */
export async function writeLoadRecorder(directory: string): Promise<string> {
  const hook = join(directory, "record-loads.mjs");
  await writeFile(
    hook,
    `import { register } from "node:module";
register("data:text/javascript," + encodeURIComponent(\`
import { appendFileSync } from "node:fs";
export async function resolve(specifier, context, next) {
  const resolved = await next(specifier, context);
  appendFileSync(process.env.${loadsFileVariable}, resolved.url + "\\\\n");
  return resolved;
}\`));
`,
  );
  return hook;
}

/** The URLs a recorded child resolved, in order. */
export async function recordedLoads(file: string): Promise<string[]> {
  return (await readFile(file, "utf8")).split("\n").filter(Boolean);
}
