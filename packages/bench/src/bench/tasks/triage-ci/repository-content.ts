import type { FixtureFiles } from "../fixture-tree.js";

const packageJson = `${JSON.stringify(
  {
    name: "ledgerline",
    version: "2.8.1",
    private: true,
    type: "module",
    scripts: { lint: "eslint src test", test: "node --test" },
    devDependencies: { eslint: "^8.57.0", "eslint-plugin-import": "^2.29.1" },
  },
  null,
  2,
)}\n`;

const readme = `# ledgerline

Invoice totals and rendering for the billing service. Amounts are integers in minor units (cents).

- \`src/currency.js\`: currency metadata and formatting.
- \`src/tax.js\`: tax rates per region, in basis points.
- \`src/invoice.js\`: totals and the plain-text invoice.

Run the tests with \`node --test\`. CI (see \`ci.log\` for the latest run on main) runs \`npm ci\`,
the linter and the tests.
`;

const workflow = `name: ci
on: [push]
jobs:
  test:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-node@v4
        with: { node-version: 20.x, cache: npm }
      - run: npm ci --loglevel http
      - run: npx eslint src test
      - run: node --test
      - name: Re-run failed tests once
        if: failure()
        run: node --test test/invoice.test.js
`;

/** The line that throws, so the CI log's stack trace matches the source. */
export const failingLine = "  const major = minorUnits / 10 ** currency.decimals;";

export const currencySource = `// Currency metadata keyed by ISO 4217 code (upper case).
export const CURRENCIES = {
  EUR: { symbol: "\u20ac", decimals: 2 },
  GBP: { symbol: "\u00a3", decimals: 2 },
  JPY: { symbol: "\u00a5", decimals: 0 },
  USD: { symbol: "$", decimals: 2 },
};

export function isSupported(code) {
  return Object.hasOwn(CURRENCIES, String(code).toUpperCase());
}

export function toMinorUnits(amount, code) {
  const { decimals } = CURRENCIES[String(code).toUpperCase()];
  return Math.round(amount * 10 ** decimals);
}

// Formats an amount given in minor units, e.g. (1999, "EUR") -> "\u20ac19.99".
export function formatAmount(minorUnits, code) {
  const currency = CURRENCIES[normalizeCode(code)];
${failingLine}
  return currency.symbol + major.toFixed(currency.decimals);
}

// Currency codes arrive from the billing form with stray spaces and in any case.
function normalizeCode(code) {
  return String(code).trim().toLowerCase();
}
`;

const taxSource = `// Tax rates by region in basis points (1 bp = 0.01%).
const RATES_BP = { DE: 1900, FR: 2000, GB: 2000, "US-NY": 400, "US-OR": 0 };

export function taxRate(region) {
  const rate = RATES_BP[region];
  if (rate === undefined) throw new RangeError("Unknown tax region: " + region);
  return rate;
}

// Tax on an amount in minor units, rounded half-up.
export function taxFor(amount, region) {
  return Math.round((amount * taxRate(region)) / 10000);
}
`;

export const invoiceSource = `import { formatAmount } from "./currency.js";
import { taxFor } from "./tax.js";

export function computeTotals(lines, region) {
  const subtotal = lines.reduce((sum, line) => sum + line.unitPrice * line.quantity, 0);
  const tax = taxFor(subtotal, region);
  return { subtotal, tax, total: subtotal + tax };
}

export function renderInvoice(invoice) {
  const totals = computeTotals(invoice.lines, invoice.region);
  const rows = invoice.lines.map(
    (line) => line.description + " x" + line.quantity + ": " + formatAmount(line.unitPrice * line.quantity, invoice.currency),
  );
  rows.push("Tax: " + formatAmount(totals.tax, invoice.currency));
  rows.push("Total: " + formatAmount(totals.total, invoice.currency));
  return rows.join("\\n");
}
`;

const currencyTest = `import assert from "node:assert/strict";
import { test } from "node:test";
import { isSupported, toMinorUnits } from "../src/currency.js";

test("isSupported accepts codes in any case", () => {
  assert.equal(isSupported("eur"), true);
  assert.equal(isSupported("XBT"), false);
});

test("toMinorUnits rounds to the currency's decimals", () => {
  assert.equal(toMinorUnits(19.999, "EUR"), 2000);
  assert.equal(toMinorUnits(1234.4, "JPY"), 1234);
});

test("toMinorUnits of zero is zero", () => {
  assert.equal(toMinorUnits(0, "USD"), 0);
});
`;

const taxTest = `import assert from "node:assert/strict";
import { test } from "node:test";
import { taxFor, taxRate } from "../src/tax.js";

test("taxFor rounds half-up to the nearest minor unit", () => {
  assert.equal(taxFor(1050, "US-NY"), 42);
  assert.equal(taxFor(999, "DE"), 190);
});

test("taxRate rejects unknown regions", () => {
  assert.throws(() => taxRate("XX"), RangeError);
});

test("Oregon charges no sales tax", () => {
  assert.equal(taxFor(10000, "US-OR"), 0);
});
`;

/** The name of the one failing test: part of the triage key. */
export const failingTestName = "renderInvoice prints the totals in the invoice currency";

export const invoiceTestSource = `import assert from "node:assert/strict";
import { test } from "node:test";
import { computeTotals, renderInvoice } from "../src/invoice.js";

const lines = [
  { description: "Desk lamp", unitPrice: 2450, quantity: 2 },
  { description: "Bulb", unitPrice: 399, quantity: 1 },
];

test("computeTotals adds tax per region", () => {
  assert.deepEqual(computeTotals(lines, "DE"), { subtotal: 5299, tax: 1007, total: 6306 });
});

test("computeTotals of no lines is zero", () => {
  assert.deepEqual(computeTotals([], "FR"), { subtotal: 0, tax: 0, total: 0 });
});

test(${JSON.stringify(failingTestName)}, () => {
  const text = renderInvoice({ lines, region: "DE", currency: " EUR" });
  assert.equal(text.split("\\n").at(-1), "Total: \u20ac63.06");
});
`;

/** The repository's files (the CI log is generated separately). */
export function repositoryFiles(): FixtureFiles {
  return new Map([
    ["package.json", packageJson],
    ["README.md", readme],
    [".github/workflows/ci.yml", workflow],
    ["src/currency.js", currencySource],
    ["src/tax.js", taxSource],
    ["src/invoice.js", invoiceSource],
    ["test/currency.test.js", currencyTest],
    ["test/tax.test.js", taxTest],
    ["test/invoice.test.js", invoiceTestSource],
  ]);
}

/** The test names in file order, for the CI log. */
export const testNamesByFile: readonly { file: string; names: readonly string[] }[] = [
  {
    file: "test/currency.test.js",
    names: [
      "isSupported accepts codes in any case",
      "toMinorUnits rounds to the currency's decimals",
      "toMinorUnits of zero is zero",
    ],
  },
  {
    file: "test/invoice.test.js",
    names: ["computeTotals adds tax per region", "computeTotals of no lines is zero", failingTestName],
  },
  {
    file: "test/tax.test.js",
    names: [
      "taxFor rounds half-up to the nearest minor unit",
      "taxRate rejects unknown regions",
      "Oregon charges no sales tax",
    ],
  },
];
