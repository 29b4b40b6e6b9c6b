import { createRandom, type Random } from "agentone";
import { npmInstallLines } from "./npm-noise.js";
import {
  currencySource,
  failingLine,
  failingTestName,
  invoiceSource,
  invoiceTestSource,
  testNamesByFile,
} from "./repository-content.js";
import { positionOf } from "./stack-position.js";

const root = "/home/runner/work/ledgerline/ledgerline";

function frame(file: string, position: { line: number; column: number }): string {
  return `file://${root}/${file}:${position.line}:${position.column}`;
}

/** The stack of the real failure, with positions computed from the fixture's sources. */
function failureBlock(number: number): string[] {
  const thrown = positionOf(currencySource, failingLine.trim());
  const decimals = positionOf(currencySource, ".decimals", { columnOffset: 1 });
  const mapped = positionOf(invoiceSource, "formatAmount(line");
  const map = positionOf(invoiceSource, ".map(", { columnOffset: 1 });
  const call = positionOf(invoiceTestSource, "renderInvoice({");
  const declared = positionOf(invoiceTestSource, `test(${JSON.stringify(failingTestName)}`);
  return [
    `# Subtest: ${failingTestName}`,
    `not ok ${number} - ${failingTestName}`,
    "  ---",
    "  duration_ms: 0.91322",
    `  location: '${root}/test/invoice.test.js:${declared.line}:${declared.column}'`,
    "  failureType: 'testCodeFailure'",
    `  error: "Cannot read properties of undefined (reading 'decimals')"`,
    "  code: 'ERR_TEST_FAILURE'",
    "  name: 'TypeError'",
    "  stack: |-",
    `    formatAmount (${frame("src/currency.js", { line: thrown.line, column: decimals.column })})`,
    `    ${frame("src/invoice.js", mapped)}`,
    "    Array.map (<anonymous>)",
    `    renderInvoice (${frame("src/invoice.js", map)})`,
    `    TestContext.<anonymous> (${frame("test/invoice.test.js", call)})`,
    "    Test.runInAsyncScope (node:async_hooks:206:9)",
    "    Test.run (node:internal/test_runner/test:796:25)",
    "    Test.processPendingSubtests (node:internal/test_runner/test:526:18)",
    "    Test.postRun (node:internal/test_runner/test:889:19)",
    "    Test.run (node:internal/test_runner/test:835:12)",
    "  ...",
  ];
}

function testRunLines(random: Random, files: readonly string[]): string[] {
  const lines = ["TAP version 13"];
  let number = 0;
  for (const { names } of testNamesByFile.filter((entry) => files.includes(entry.file))) {
    for (const name of names) {
      number += 1;
      if (name === failingTestName) {
        lines.push(...failureBlock(number));
        continue;
      }
      const duration = (random.integer(150, 2400) / 1000).toFixed(5);
      lines.push(
        `# Subtest: ${name}`,
        `ok ${number} - ${name}`,
        "  ---",
        `  duration_ms: ${duration}`,
        "  ...",
      );
    }
  }
  lines.push(
    `1..${number}`,
    `# tests ${number}`,
    "# suites 0",
    `# pass ${number - 1}`,
    "# fail 1",
    "# cancelled 0",
    "# skipped 0",
    "# todo 0",
    `# duration_ms ${random.integer(380, 520)}.${random.integer(100, 999)}`,
    "##[error]Process completed with exit code 1.",
  );
  return lines;
}

const setupLines = [
  "Current runner version: '2.320.0'",
  "Operating System",
  "  Ubuntu",
  "  22.04.5",
  "  LTS",
  "Runner Image",
  "  Image: ubuntu-22.04",
  "  Version: 20241030.1.0",
  "GITHUB_TOKEN Permissions",
  "  Contents: read",
  "  Metadata: read",
  "Prepare workflow directory",
  "Prepare all required actions",
  "Getting action download info",
  "Download action repository 'actions/checkout@v4' (SHA:11bd71901bbe5b1630ceea73d27597364c9af683)",
  "Download action repository 'actions/setup-node@v4' (SHA:39370e3970a6d050c480ffad4ff0ed4d3fdee5af)",
  "Complete job name: test",
  "##[group]Run actions/checkout@v4",
  "with:",
  "  repository: northwind-billing/ledgerline",
  "  fetch-depth: 1",
  "##[endgroup]",
  `Syncing repository: northwind-billing/ledgerline`,
  `/usr/bin/git init ${root}`,
  "/usr/bin/git -c protocol.version=2 fetch --no-tags --prune --no-recurse-submodules --depth=1 origin " +
    "+c41f7a9e2b8d03f56a1e9c7d4b2f8a6e0d3c5b71:refs/remotes/origin/main",
  "/usr/bin/git log -1 --format='%H %s'",
  "c41f7a9e2b8d03f56a1e9c7d4b2f8a6e0d3c5b71 Merge pull request #214 from priya/normalize-currency-codes " +
    "(trim currency codes coming from the billing form)",
  "##[group]Run actions/setup-node@v4",
  "with:",
  "  node-version: 20.x",
  "  cache: npm",
  "##[endgroup]",
  "Found in cache @ /opt/hostedtoolcache/node/20.18.0/x64",
  "Environment details",
  "  node: v20.18.0",
  "  npm: 10.8.2",
  "  yarn: 1.22.22",
  "/opt/hostedtoolcache/node/20.18.0/x64/bin/npm config get cache",
  "/home/runner/.npm",
  "Cache hit for: node-cache-Linux-x64-npm-5c2f0e4b7d9a1e3c8b6f4d2a0e9c7b5a3d1f8e6c4b2a0d9e7c5b3a1f8e6d4c2b",
  "Cache restored successfully",
];

const lintLines = [
  "##[group]Run npx eslint src test",
  "npx eslint src test",
  "##[endgroup]",
  "",
  `${root}/src/invoice.js`,
  "  13:101  warning  This line has a length of 126. Maximum allowed is 100  max-len",
  "  15:13   warning  Unexpected string concatenation                        prefer-template",
  "",
  `${root}/src/tax.js`,
  "  6:50  warning  Unexpected string concatenation  prefer-template",
  "",
  `${root}/test/currency.test.js`,
  '  1:1  warning  Missing file extension for "node:assert/strict"  import/extensions',
  "",
  "\u2716 4 problems (0 errors, 4 warnings)",
  "",
];

const cleanupLines = [
  "Post job cleanup.",
  "Cache hit occurred on the primary key node-cache-Linux-x64-npm-5c2f0e4b7d9a1e3c8b6f4d2a0e9c7b5a3d1f8e6c4b2a0d9e7c5b3a1f8e6d4c2b, not saving cache.",
  "Post job cleanup.",
  "/usr/bin/git version",
  "git version 2.47.0",
  "Temporarily overriding HOME='/home/runner/work/_temp/5d2c' before making global git config changes",
  `/usr/bin/git config --global --add safe.directory ${root}`,
  "/usr/bin/git config --local --name-only --get-regexp core\\.sshCommand",
  "Cleaning up orphan processes",
];

function stamp(lines: readonly string[], random: Random): string {
  let time = Date.UTC(2024, 10, 5, 9, 14, 2);
  const stamped = lines.map((line) => {
    time += random.integer(0, 40);
    return `${new Date(time).toISOString().replace("Z", "0000Z")} ${line}`;
  });
  return `${stamped.join("\n")}\n`;
}

/** The CI log: a few hundred lines of noise around one real, deterministic test failure. */
export function ciLog(): string {
  const random = createRandom("triage-ci/ci.log");
  const lines = [
    ...setupLines,
    ...npmInstallLines(random.fork("npm")),
    ...lintLines,
    "##[group]Run node --test",
    "node --test",
    "##[endgroup]",
    ...testRunLines(
      random.fork("tests"),
      testNamesByFile.map((entry) => entry.file),
    ),
    "##[group]Run node --test test/invoice.test.js",
    "node --test test/invoice.test.js",
    "##[endgroup]",
    ...testRunLines(random.fork("rerun"), ["test/invoice.test.js"]),
    ...cleanupLines,
  ];
  return stamp(lines, random.fork("time"));
}
