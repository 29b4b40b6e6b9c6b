import type { FixtureFiles } from "../fixture-tree.js";

const units = `const UNIT_MS = { d: 86400000, h: 3600000, m: 60000, s: 1000 };
const WHOLE = /^(\\d+\\s*[dhms]\\s*)+$/;

function sum(text) {
  let total = 0;
  for (const [, amount, unit] of text.matchAll(/(\\d+)\\s*([dhms])/g)) total += Number(amount) * UNIT_MS[unit];
  return total;
}

function parts(ms) {
  const result = [];
  let rest = ms;
  for (const [unit, size] of Object.entries(UNIT_MS)) {
    const amount = Math.floor(rest / size);
    if (amount > 0) {
      result.push(amount + unit);
      rest -= amount * size;
    }
  }
  return result.length === 0 ? ["0s"] : result;
}
`;

const version1 = `// durations 1.3.2: parse and format durations such as "1h30m".
${units}
// Milliseconds, or null when the text is not a duration.
export function parseDuration(text) {
  const trimmed = String(text).trim();
  if (!WHOLE.test(trimmed)) return null;
  return sum(trimmed);
}

// "1h 30m", or "1h30m" when compact is true.
export function formatDuration(ms, compact = false) {
  return parts(ms).join(compact ? "" : " ");
}

export function sumDurations(list) {
  return list.reduce((total, ms) => total + ms, 0);
}
`;

const version2 = `// durations 2.0.0: parse and format durations such as "1h30m".
${units}
// Milliseconds. Throws a RangeError when the text is not a duration.
export function parseDuration(text) {
  const trimmed = String(text).trim();
  if (!WHOLE.test(trimmed)) throw new RangeError("Invalid duration: " + JSON.stringify(text));
  return sum(trimmed);
}

export function isDuration(text) {
  return WHOLE.test(String(text).trim());
}

// options.style: "long" ("1h 30m", the default) or "short" ("1h30m").
export function formatDuration(ms, options = {}) {
  const style = options.style ?? "long";
  if (style !== "long" && style !== "short") throw new RangeError("Unknown style: " + style);
  return parts(ms).join(style === "short" ? "" : " ");
}

export function totalDuration(list) {
  return list.reduce((total, ms) => total + ms, 0);
}
`;

const readme1 = `# durations 1.3.2

- \`parseDuration(text)\`: milliseconds, or \`null\` when \`text\` is not a duration.
- \`formatDuration(ms, compact = false)\`: \`"1h 30m"\`, or \`"1h30m"\` when \`compact\`.
- \`sumDurations(list)\`: the sum of a list of milliseconds.
`;

const readme2 = `# durations 2.0.0

- \`parseDuration(text)\`: milliseconds for a duration such as \`"1h30m"\`.
- \`isDuration(text)\`: whether \`text\` is a duration.
- \`formatDuration(ms, options)\`: \`options.style\` is \`"long"\` (\`"1h 30m"\`, the default) or \`"short"\`.
- \`totalDuration(list)\`: the sum of a list of milliseconds.
`;

function manifest(version: string): string {
  return `${JSON.stringify({ name: "durations", version, type: "module", main: "index.js" }, null, 2)}\n`;
}

/** Both releases of the library, side by side. */
export function libraryFiles(): FixtureFiles {
  return new Map([
    ["lib-v1/package.json", manifest("1.3.2")],
    ["lib-v1/README.md", readme1],
    ["lib-v1/index.js", version1],
    ["lib-v2/package.json", manifest("2.0.0")],
    ["lib-v2/README.md", readme2],
    ["lib-v2/index.js", version2],
  ]);
}
