import type { Random } from "agentone";

// The real dependency tree of eslint 8.57, so the install section reads like a real one.
const packages = [
  "@eslint-community/eslint-utils@4.4.0",
  "@eslint-community/regexpp@4.10.0",
  "@eslint/eslintrc@2.1.4",
  "@eslint/js@8.57.0",
  "@humanwhocodes/config-array@0.11.14",
  "@humanwhocodes/module-importer@1.0.1",
  "@humanwhocodes/object-schema@2.0.3",
  "@nodelib/fs.scandir@2.1.5",
  "@nodelib/fs.stat@2.0.5",
  "@nodelib/fs.walk@1.2.8",
  "@ungap/structured-clone@1.2.0",
  "acorn@8.11.3",
  "acorn-jsx@5.3.2",
  "ajv@6.12.6",
  "ansi-regex@5.0.1",
  "ansi-styles@4.3.0",
  "argparse@2.0.1",
  "balanced-match@1.0.2",
  "brace-expansion@1.1.11",
  "callsites@3.1.0",
  "chalk@4.1.2",
  "color-convert@2.0.1",
  "color-name@1.1.4",
  "concat-map@0.0.1",
  "cross-spawn@7.0.3",
  "debug@4.3.4",
  "deep-is@0.1.4",
  "doctrine@3.0.0",
  "escape-string-regexp@4.0.0",
  "eslint@8.57.0",
  "eslint-plugin-import@2.29.1",
  "eslint-scope@7.2.2",
  "eslint-visitor-keys@3.4.3",
  "espree@9.6.1",
  "esquery@1.5.0",
  "esrecurse@4.3.0",
  "estraverse@5.3.0",
  "esutils@2.0.3",
  "fast-deep-equal@3.1.3",
  "fast-json-stable-stringify@2.1.0",
  "fast-levenshtein@2.0.6",
  "fastq@1.17.1",
  "file-entry-cache@6.0.1",
  "find-up@5.0.0",
  "flat-cache@3.2.0",
  "flatted@3.3.1",
  "fs.realpath@1.0.0",
  "glob@7.2.3",
  "glob-parent@6.0.2",
  "globals@13.24.0",
  "graphemer@1.4.0",
  "has-flag@4.0.0",
  "ignore@5.3.1",
  "import-fresh@3.3.0",
  "imurmurhash@0.1.4",
  "inflight@1.0.6",
  "inherits@2.0.4",
  "is-extglob@2.1.1",
  "is-glob@4.0.3",
  "is-path-inside@3.0.3",
  "isexe@2.0.0",
  "js-yaml@4.1.0",
  "json-buffer@3.0.1",
  "json-schema-traverse@0.4.1",
  "json-stable-stringify-without-jsonify@1.0.1",
  "keyv@4.5.4",
  "levn@0.4.1",
  "locate-path@6.0.0",
  "lodash.merge@4.6.2",
  "minimatch@3.1.2",
  "ms@2.1.2",
  "natural-compare@1.4.0",
  "once@1.4.0",
  "optionator@0.9.3",
  "p-limit@3.1.0",
  "p-locate@5.0.0",
  "parent-module@1.0.1",
  "path-exists@4.0.0",
  "path-is-absolute@1.0.1",
  "path-key@3.1.1",
  "prelude-ls@1.2.1",
  "punycode@2.3.1",
  "queue-microtask@1.2.3",
  "resolve-from@4.0.0",
  "reusify@1.0.4",
  "rimraf@3.0.2",
  "run-parallel@1.2.0",
  "shebang-command@2.0.0",
  "shebang-regex@3.0.0",
  "strip-ansi@6.0.1",
  "strip-json-comments@3.1.1",
  "supports-color@7.2.0",
  "text-table@0.2.0",
  "type-check@0.4.0",
  "type-fest@0.20.2",
  "uri-js@4.4.1",
  "which@2.0.2",
  "word-wrap@1.2.5",
  "wrappy@1.0.2",
  "yocto-queue@0.1.0",
];

const deprecations = [
  "npm warn deprecated inflight@1.0.6: This module is not supported, and leaks memory. Do not use it.",
  "npm warn deprecated @humanwhocodes/config-array@0.11.14: Use @eslint/config-array instead",
  "npm warn deprecated rimraf@3.0.2: Rimraf versions prior to v4 are no longer supported",
  "npm warn deprecated glob@7.2.3: Glob versions prior to v9 are no longer supported",
  "npm warn deprecated @humanwhocodes/object-schema@2.0.3: Use @eslint/object-schema instead",
  "npm warn deprecated eslint@8.57.0: This version is no longer supported.",
];

function tarballUrl(spec: string): string {
  const at = spec.lastIndexOf("@");
  const name = spec.slice(0, at);
  const version = spec.slice(at + 1);
  const base = name.includes("/") ? (name.split("/")[1] ?? name) : name;
  return `https://registry.npmjs.org/${name}/-/${base}-${version}.tgz`;
}

/** The `npm ci --loglevel http` step: a fetch line per package, one network retry, deprecations, audit. */
export function npmInstallLines(random: Random): string[] {
  const lines = ["##[group]Run npm ci --loglevel http", "npm ci --loglevel http", "##[endgroup]"];
  lines.push(
    "(node:1893) Warning: Setting the NODE_TLS_REJECT_UNAUTHORIZED environment variable to '0' makes TLS " +
      "connections and HTTPS requests insecure by disabling certificate verification.",
  );
  for (const spec of packages) {
    const url = tarballUrl(spec);
    if (spec.startsWith("espree@")) {
      lines.push(`npm http fetch GET ${url} attempt 1 failed with ECONNRESET`);
      lines.push("npm warn retry will retry, error on last attempt: Error: socket hang up");
      lines.push(`npm http fetch GET 200 ${url} ${random.integer(600, 1400)}ms (cache miss)`);
      continue;
    }
    const cache = random.chance(0.8) ? "cache hit" : "cache revalidated";
    lines.push(`npm http fetch GET 200 ${url} ${random.integer(3, 90)}ms (${cache})`);
  }
  lines.push(...deprecations);
  lines.push(
    "",
    `added ${packages.length} packages, and audited ${packages.length + 1} packages in 7s`,
    "",
    "23 packages are looking for funding",
    "  run `npm fund` for details",
    "",
    "2 moderate severity vulnerabilities",
    "",
    "To address all issues (including breaking changes), run:",
    "  npm audit fix --force",
    "",
    "Run `npm audit` for details.",
  );
  return lines;
}
