import { execFile } from "node:child_process";
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { dirname, join, relative, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { promisify } from "node:util";
import ts from "typescript";
import { expect, it } from "vitest";
import { loadsFileVariable, recordedLoads, writeLoadRecorder } from "../support/module-load-recorder.js";

const run = promisify(execFile);
const packageRoot = resolve(import.meta.dirname, "../..");
const sourceRoot = join(packageRoot, "src");

/** The relative imports a compiled file keeps (type-only ones are erased), as files under src/. */
function runtimeImports(file: string, compiled: string): string[] {
  const found = [
    ...compiled.matchAll(
      /(?:^|\s)(?:import|export)\b[^;]*?\bfrom\s*["']([^"']+)["']|\bimport\s*\(?\s*["']([^"']+)["']/gm,
    ),
  ];
  return found
    .map((match) => match[1] ?? match[2] ?? "")
    .filter((specifier) => specifier.startsWith("."))
    .map((specifier) => resolve(dirname(file), specifier).replace(/\.js$/, ".ts"));
}

/**
 * `agentone/client` must stay light: what it loads at runtime is found by compiling the files it reaches
 * (as the build would, type-only imports erased) into a scratch folder inside the package, so bare imports
 * resolve from its node_modules, and importing it in a fresh Node process that records every module loaded.
 */
it("loads only the client and a few pure core modules at runtime: no hono, zod, pglite, engine, store or server", async () => {
  const scratch = await mkdtemp(join(packageRoot, ".client-graph-"));
  try {
    const pending = [join(sourceRoot, "client/index.ts")];
    const seen = new Set<string>();
    while (pending.length > 0) {
      const file = pending.pop() ?? "";
      if (seen.has(file)) continue;
      seen.add(file);
      const { outputText } = ts.transpileModule(await readFile(file, "utf8"), {
        compilerOptions: {
          module: ts.ModuleKind.ES2022,
          target: ts.ScriptTarget.ES2022,
          verbatimModuleSyntax: true,
        },
        fileName: file,
      });
      const target = join(scratch, relative(sourceRoot, file)).replace(/\.ts$/, ".js");
      await mkdir(dirname(target), { recursive: true });
      await writeFile(target, outputText);
      pending.push(...runtimeImports(file, outputText));
    }
    const hook = await writeLoadRecorder(scratch);
    await writeFile(join(scratch, "package.json"), JSON.stringify({ type: "module" }));
    const entry = pathToFileURL(join(scratch, "client/index.js")).href;
    const record = join(scratch, "loads.txt");
    const { stdout } = await run(
      process.execPath,
      [
        "--import",
        pathToFileURL(hook).href,
        "--input-type=module",
        "-e",
        `const client = await import(${JSON.stringify(entry)}); console.log("EXPORTS " + Object.keys(client).sort().join(","));`,
      ],
      { env: { ...process.env, [loadsFileVariable]: record } },
    );
    expect(stdout).toContain("EXPORTS AgentOneClient,ApiProblemError,readServerSentEvents");
    const loaded = (await recordedLoads(record)).filter((url) => url !== entry);
    const outside = loaded.filter((url) => !url.startsWith(pathToFileURL(scratch).href));
    expect(outside, "packages and built-ins the client loads").toEqual([]);
    const folders = new Set(
      loaded.map((url) => relative(scratch, new URL(url).pathname).split("/").slice(0, -1).join("/")),
    );
    expect([...folders].sort()).toEqual(["client", "core", "core/errors"]);
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
});
