import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";

/** One relative import of a source file: both ends as paths under `src/`, with `.ts` endings. */
export interface ImportEdge {
  from: string;
  to: string;
  /** `import type` / `export type`: erased at runtime, but still a dependency of the design. */
  typeOnly: boolean;
}

// Static imports and re-exports (over several lines too), side-effect imports and dynamic imports.
const staticImport = /^\s*(import|export)(\s+type)?\b[^;]*?\bfrom\s*["']([^"']+)["']/gm;
const bareImport = /^\s*import\s*["']([^"']+)["']/gm;
const dynamicImport = /\bimport\(\s*["']([^"']+)["']\s*\)/g;

function sourceFiles(directory: string): string[] {
  return readdirSync(directory, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(directory, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return entry.name.endsWith(".ts") && !entry.name.endsWith(".test.ts") ? [full] : [];
  });
}

function resolveSpecifier(fromFile: string, specifier: string, root: string): string | null {
  if (!specifier.startsWith(".")) return null;
  const target = path.resolve(path.dirname(fromFile), specifier).replace(/\.js$/, ".ts");
  return path.relative(root, target).split(path.sep).join("/");
}

/**
 * Every relative import of the production sources under `root` (tests excluded: a test may drive the whole
 * stack from beside the module it checks).
 */
export function readImportGraph(root: string): ImportEdge[] {
  const edges: ImportEdge[] = [];
  for (const file of sourceFiles(root)) {
    const text = readFileSync(file, "utf8");
    const from = path.relative(root, file).split(path.sep).join("/");
    const add = (specifier: string | undefined, typeOnly: boolean) => {
      const to = specifier === undefined ? null : resolveSpecifier(file, specifier, root);
      if (to !== null) edges.push({ from, to, typeOnly });
    };
    for (const match of text.matchAll(staticImport)) add(match[3], match[2] !== undefined);
    for (const match of text.matchAll(bareImport)) add(match[1], false);
    for (const match of text.matchAll(dynamicImport)) add(match[1], false);
  }
  return edges;
}

/** The layer a file belongs to: its top folder under `src/`, or the file itself at the top (`index.ts`). */
export function layerOf(file: string): string {
  const slash = file.indexOf("/");
  return slash === -1 ? file : file.slice(0, slash);
}
