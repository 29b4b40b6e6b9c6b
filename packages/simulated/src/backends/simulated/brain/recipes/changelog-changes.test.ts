import { describe, expect, it } from "vitest";
import { changelogChanges } from "./changelog-changes.js";
import { adaptSource } from "./rewrite-calls.js";

const changelog = [
  "# Changelog",
  "",
  "## 3.0.0",
  "",
  "### Breaking changes",
  "",
  "- `pad(text, width)` is now `pad(text, { width })`. Passing a number throws a",
  "  `TypeError`.",
  "- `trimAll(text)` was renamed `trimEach(text)`. The old name is no longer exported.",
  "- `legacyJoin` was removed.",
  "",
  "### Unchanged",
  "",
  "- `upper(text)` is now `upper(text)` as before.",
  "",
  "## 2.1.0",
  "",
  "- `shout(text)` was renamed `yell(text)`.",
].join("\n");

describe("changelogChanges", () => {
  it("reads renames, options objects and removals of the named release only", () => {
    expect(changelogChanges(changelog, "3.0.0")).toEqual([
      { kind: "options", functionName: "pad", index: 1, key: "width" },
      { kind: "rename", from: "trimAll", to: "trimEach" },
      { kind: "removed", functionName: "legacyJoin" },
    ]);
  });

  it("finds nothing for a release the changelog does not have", () => {
    expect(changelogChanges(changelog, "9.9.9")).toEqual([]);
  });
});

describe("adaptSource", () => {
  it("rewrites call sites, leaves definitions, and keeps nested calls intact", () => {
    const source = [
      'import { pad, trimAll } from "./lib.js";',
      "function pad2(value) { return value; }",
      "export const a = pad(trimAll(name), 8);",
      "export const b = pad(label, { width: 4 });",
      "export const c = pad(format(x, y), size);",
    ].join("\n");
    const adapted = adaptSource(source, [
      { kind: "rename", from: "trimAll", to: "trimEach" },
      { kind: "options", functionName: "pad", index: 1, key: "width" },
    ]);
    expect(adapted).toBe(
      [
        'import { pad, trimEach } from "./lib.js";',
        "function pad2(value) { return value; }",
        "export const a = pad(trimEach(name), { width: 8 });",
        "export const b = pad(label, { width: 4 });",
        "export const c = pad(format(x, y), { width: size });",
      ].join("\n"),
    );
  });

  it("maps a boolean to the option values that do the same, and null checks to a try/catch", () => {
    const source = [
      "export function read(text, compact) {",
      "  const ms = parse(text);",
      "  if (ms === null) return null;",
      "  return show(ms, compact) + show(ms, true);",
      "}",
    ].join("\n");
    const adapted = adaptSource(source, [
      { kind: "throws", functionName: "parse", errorName: "RangeError" },
      { kind: "options", functionName: "show", index: 1, key: "style", whenTrue: "short", whenFalse: "long" },
    ]);
    expect(adapted).toContain(
      "  let ms;\n  try {\n    ms = parse(text);\n  } catch {\n    return null;\n  }",
    );
    expect(adapted).toContain(
      'show(ms, { style: compact ? "short" : "long" }) + show(ms, { style: "short" })',
    );
  });
});
