import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { type ImportEdge, layerOf, readImportGraph } from "./import-graph.js";

const packageRoot = path.resolve(import.meta.dirname, "../..");
const repositoryRoot = path.resolve(packageRoot, "../..");
const sourceRoot = path.join(packageRoot, "src");

/**
 * The layers of docs/design.md §2, top first. A file may import its own layer and any layer below it.
 * Layers in one group are siblings: neither imports the other (the layers above compose them).
 */
const layers: readonly (readonly string[])[] = [
  ["index.ts", "internal.ts"],
  ["cli"],
  ["client"],
  ["server"],
  ["testing"],
  ["engine", "config", "report"],
  ["tools"],
  ["backends"],
  ["policy", "telemetry"],
  ["budget"],
  ["cache"],
  ["store"],
  ["core"],
];

/**
 * The simulated models and the benchmark are apparatus, packages of their own that depend on this one: no
 * production file imports them statically (the CLI loads them by name, `config/load-optional-package.ts`).
 */
const apparatusImport =
  /^(?:import|export)\b[^;]*?from\s+"@agentone\/(?:simulated|bench)"|\bimport\(\s*"@agentone\/(?:simulated|bench)"\s*\)/m;

function productionFiles(directory: string): string[] {
  return readdirSync(directory, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(directory, entry.name);
    if (entry.isDirectory()) return productionFiles(full);
    return entry.name.endsWith(".ts") && !entry.name.endsWith(".test.ts") ? [full] : [];
  });
}

/**
 * Known violations, each with why it is still here. An entry that no longer matches an import fails the
 * check, so the list only shrinks.
 */
const knownViolations: readonly { from: string; to: string; why: string }[] = [];

function rankOf(layer: string): number {
  const rank = layers.findIndex((group) => group.includes(layer));
  if (rank === -1) throw new Error(`${layer} is in no layer of docs/design.md §2`);
  return rank;
}

/** Why an import runs against the layers, or null when it points downward (or stays inside its layer). */
function layerViolation(edge: ImportEdge): string | null {
  const from = layerOf(edge.from);
  const to = layerOf(edge.to);
  if (from === to) return null;
  const [fromRank, toRank] = [rankOf(from), rankOf(to)];
  if (fromRank === toRank) return `${edge.from} → ${edge.to}: ${from}/ and ${to}/ are siblings`;
  if (fromRank > toRank) return `${edge.from} → ${edge.to}: ${from}/ is below ${to}/`;
  return null;
}

function isKnown(edge: ImportEdge): boolean {
  return knownViolations.some((known) => known.from === edge.from && known.to === edge.to);
}

/** File-level cycles through imports that exist at runtime (type-only imports are erased). */
function runtimeCycles(edges: readonly ImportEdge[]): string[][] {
  const next = new Map<string, string[]>();
  for (const edge of edges)
    if (!edge.typeOnly) next.set(edge.from, [...(next.get(edge.from) ?? []), edge.to]);
  const state = new Map<string, "open" | "done">();
  const path: string[] = [];
  const cycles: string[][] = [];
  const visit = (file: string) => {
    state.set(file, "open");
    path.push(file);
    for (const target of next.get(file) ?? []) {
      if (state.get(target) === "open") cycles.push([...path.slice(path.indexOf(target)), target]);
      else if (!state.has(target)) visit(target);
    }
    path.pop();
    state.set(file, "done");
  };
  for (const file of next.keys()) if (!state.has(file)) visit(file);
  return cycles;
}

/**
 * The layer listing of docs/design.md §2, top first: one line per folder, siblings bracketed by `┐`, `│`
 * and `┘` after the folder name.
 */
function designLayers(): string[][] {
  const design = readFileSync(path.join(repositoryRoot, "docs/design.md"), "utf8");
  const section = design.slice(design.indexOf("## 2. Layers"), design.indexOf("## 3."));
  const groups: string[][] = [];
  let open: string[] | null = null;
  for (const match of section.matchAll(/^src\/([a-z-]+(?:\.ts)?)\/?\s*([┐│┘]?)/gm)) {
    const [, folder = "", bracket] = match;
    if (open) open.push(folder);
    else {
      const group = [folder];
      groups.push(group);
      if (bracket === "┐") open = group;
    }
    if (bracket === "┘") open = null;
  }
  return groups;
}

const edges = readImportGraph(sourceRoot);

describe("the layers of docs/design.md §2", () => {
  it("are declared here as the design lists them, siblings included, and cover every folder of src/", () => {
    expect(designLayers()).toEqual(layers);
    const folders = readdirSync(sourceRoot, { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .map((entry) => entry.name);
    for (const folder of folders) expect(layers.flat(), folder).toContain(folder);
  });

  it("see every kind of import (a sanity check of the parser)", () => {
    const from = (file: string) => edges.filter((edge) => edge.from === file).map((edge) => edge.to);
    // The barrel re-exports over several lines, some of them type-only.
    expect(from("index.ts")).toContain("backends/model-backend.ts");
    expect(edges.some((edge) => edge.from === "index.ts" && edge.typeOnly)).toBe(true);
    expect(edges.length).toBeGreaterThan(1000);
  });

  it("are never crossed upward or sideways by production code", () => {
    const violations = edges.filter((edge) => !isKnown(edge)).flatMap((edge) => layerViolation(edge) ?? []);
    expect(violations).toEqual([]);
  });

  it("keep their list of known violations current", () => {
    const stale = knownViolations.filter(
      (known) => !edges.some((edge) => edge.from === known.from && edge.to === known.to),
    );
    expect(stale).toEqual([]);
  });

  it("catch an upward and a sideways import", () => {
    const edge = (from: string, to: string): ImportEdge => ({ from, to, typeOnly: true });
    expect(layerViolation(edge("budget/money.ts", "backends/model-backend.ts"))).toMatch(/is below/);
    expect(layerViolation(edge("config/load-config.ts", "engine/runtime.ts"))).toMatch(/siblings/);
    expect(layerViolation(edge("engine/runtime.ts", "policy/approval-policy.ts"))).toBeNull();
  });

  it("never import the apparatus packages (simulated models, benchmark) statically", () => {
    const importers = productionFiles(sourceRoot).filter((file) =>
      apparatusImport.test(readFileSync(file, "utf8")),
    );
    expect(importers.map((file) => path.relative(sourceRoot, file))).toEqual([]);
    expect(apparatusImport.test('import { simulatedModels } from "@agentone/simulated";')).toBe(true);
  });
});

describe("imports inside a layer", () => {
  it("form no cycle between files at runtime", () => {
    expect(runtimeCycles(edges).map((cycle) => cycle.join(" → "))).toEqual([]);
  });

  it("never go from one CLI command to another (shared helpers live in cli/)", () => {
    const between = edges.filter(
      (edge) => edge.from.startsWith("cli/commands/") && edge.to.startsWith("cli/commands/"),
    );
    expect(between.map((edge) => `${edge.from} → ${edge.to}`)).toEqual([]);
  });

  it("never go from engine/tool-call/approvals/ up to the tool-call modules at runtime (they drive approvals)", () => {
    const upward = edges.filter(
      (edge) =>
        edge.from.startsWith("engine/tool-call/approvals/") &&
        !edge.typeOnly &&
        edge.to.startsWith("engine/tool-call/") &&
        edge.to.split("/").length === 3,
    );
    expect(upward.map((edge) => `${edge.from} → ${edge.to}`)).toEqual([]);
  });
});
