import type { FixtureFiles } from "../fixture-tree.js";

const packageJson = `${JSON.stringify(
  {
    name: "post-index",
    version: "0.3.0",
    private: true,
    type: "module",
    scripts: { test: "node --test" },
    dependencies: { textkit: "file:vendor/textkit" },
  },
  null,
  2,
)}\n`;

const readme = `# post-index

Builds the index pages of the team blog: post slugs, tag ids, reading times and excerpts.

## Dependencies

We vendor our dependencies; there is nothing to install. \`vendor/textkit\` is the installed copy of
textkit, imported from the sources as \`../vendor/textkit/index.js\`. New releases are unpacked beside
it (\`vendor/textkit-<version>/\`) before an upgrade.

## Tests

\`\`\`sh
node --test
\`\`\`
`;

const slugsSource = `import { slugify } from "../vendor/textkit/index.js";

// Post URLs use hyphens: /posts/hello-world
export function postSlug(title) {
  return slugify(title, "-");
}

// Tag ids use underscores because the search index treats hyphens as word breaks.
export function tagSlug(tag) {
  return slugify(tag, "_");
}
`;

const statsSource = `import { wordCount } from "../vendor/textkit/index.js";

const WORDS_PER_MINUTE = 200;

export function readingMinutes(text) {
  return Math.max(1, Math.ceil(wordCount(text) / WORDS_PER_MINUTE));
}
`;

const summarySource = `import { truncate, wordCount } from "../vendor/textkit/index.js";
import { postSlug, tagSlug } from "./slugs.js";
import { readingMinutes } from "./stats.js";

export function summarize(post) {
  return {
    slug: postSlug(post.title),
    tags: post.tags.map(tagSlug),
    words: wordCount(post.body),
    minutes: readingMinutes(post.body),
    excerpt: truncate(post.body, 40),
  };
}
`;

const slugsTest = `import assert from "node:assert/strict";
import { test } from "node:test";
import { postSlug, tagSlug } from "../src/slugs.js";

test("post slugs are lower-case words joined by hyphens", () => {
  assert.equal(postSlug("Hello, World!"), "hello-world");
  assert.equal(postSlug("Cr\u00e8me br\u00fbl\u00e9e at 3 AM"), "creme-brulee-at-3-am");
});

test("tag slugs use underscores", () => {
  assert.equal(tagSlug("Node.js Tips"), "node_js_tips");
});
`;

const statsTest = `import assert from "node:assert/strict";
import { test } from "node:test";
import { readingMinutes } from "../src/stats.js";

test("reading time rounds up to whole minutes", () => {
  assert.equal(readingMinutes("word ".repeat(450)), 3);
});

test("even an empty post takes a minute", () => {
  assert.equal(readingMinutes(""), 1);
});
`;

const summaryTest = `import assert from "node:assert/strict";
import { test } from "node:test";
import { summarize } from "../src/summary.js";

test("summarize builds the index entry of a post", () => {
  const post = {
    title: "Release 4.2: Faster Builds",
    tags: ["Build Tools", "Release Notes"],
    body: "We cut cold build times in half by caching the dependency graph between runs.",
  };
  assert.deepEqual(summarize(post), {
    slug: "release-4-2-faster-builds",
    tags: ["build_tools", "release_notes"],
    words: 14,
    minutes: 1,
    excerpt: "We cut cold build times in half by cach\\u2026",
  });
});
`;

/** The number of tests the project ships; a green run must pass at least this many. */
export const projectTestCount = 5;

/** The project files, using textkit 1.4.0's API. */
export function projectFiles(): FixtureFiles {
  return new Map([
    ["package.json", packageJson],
    ["README.md", readme],
    ["src/slugs.js", slugsSource],
    ["src/stats.js", statsSource],
    ["src/summary.js", summarySource],
    ["test/slugs.test.js", slugsTest],
    ["test/stats.test.js", statsTest],
    ["test/summary.test.js", summaryTest],
  ]);
}
