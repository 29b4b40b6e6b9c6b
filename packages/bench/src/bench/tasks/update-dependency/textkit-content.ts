import type { FixtureFiles } from "../fixture-tree.js";

const wordsHelper = `const DIACRITICS = /[\\u0300-\\u036f]/g;

function words(text) {
  return String(text)
    .normalize("NFKD")
    .replace(DIACRITICS, "")
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
}
`;

const truncateSource = `export function truncate(text, maxLength, ellipsis = "\\u2026") {
  const value = String(text);
  if (value.length <= maxLength) return value;
  return value.slice(0, Math.max(0, maxLength - ellipsis.length)).trimEnd() + ellipsis;
}
`;

const version1Index = `// textkit 1.4.0: small text helpers without dependencies.
export const VERSION = "1.4.0";

${wordsHelper}
export function slugify(text, separator = "-") {
  return words(text).join(separator);
}

export function wordCount(text) {
  return String(text).split(/\\s+/).filter(Boolean).length;
}

${truncateSource}`;

/** The 2.0.0 entry point; graders compare the project's textkit against it byte for byte. */
export const version2Index = `// textkit 2.0.0: small text helpers without dependencies.
export const VERSION = "2.0.0";

${wordsHelper}
export function slugify(text, options = {}) {
  if (options === null || typeof options !== "object") {
    throw new TypeError('textkit 2: slugify(text, options) takes an options object, e.g. { separator: "_" }');
  }
  return words(text).join(options.separator ?? "-");
}

export function countWords(text) {
  return String(text).split(/\\s+/).filter(Boolean).length;
}

${truncateSource}`;

const olderChangelog = `## 1.4.0

- \`truncate(text, maxLength, ellipsis)\` accepts a custom ellipsis (default "\u2026").

## 1.3.0

- \`slugify\` strips accents ("Cr\u00e8me" becomes "creme").
`;

const version2Changelog = `# Changelog

## 2.0.0

### Breaking changes

- \`slugify(text, separator)\` is now \`slugify(text, { separator })\`. Passing a string as the second
  argument throws a \`TypeError\`. The default separator is still \`"-"\`.
- \`wordCount(text)\` was renamed \`countWords(text)\`. The old name is no longer exported.

### Unchanged

- \`truncate(text, maxLength, ellipsis)\`.

${olderChangelog}`;

function packageJson(version: string): string {
  return `${JSON.stringify({ name: "textkit", version, type: "module", main: "index.js", license: "MIT" }, null, 2)}\n`;
}

/** The installed copy (1.4.0) under vendor/textkit and the new release beside it under vendor/textkit-2.0.0. */
export function textkitFiles(): FixtureFiles {
  return new Map([
    ["vendor/textkit/package.json", packageJson("1.4.0")],
    ["vendor/textkit/index.js", version1Index],
    ["vendor/textkit/CHANGELOG.md", `# Changelog\n\n${olderChangelog}`],
    ["vendor/textkit-2.0.0/package.json", packageJson("2.0.0")],
    ["vendor/textkit-2.0.0/index.js", version2Index],
    ["vendor/textkit-2.0.0/CHANGELOG.md", version2Changelog],
  ]);
}
