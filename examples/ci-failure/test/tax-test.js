import { test } from "node:test";
import assert from "node:assert/strict";
import { computeTax, taxRate } from "../src/tax.js";

test("computeTax rounds half-up to the nearest cent", () => {
  // 1000 cents at 7.25% = 72.5 cents -> 73
  assert.equal(computeTax(1000, "US-CA"), 73);
  assert.equal(computeTax(999, "US-NY"), 40);
});

test("taxRate rejects unknown regions", () => {
  assert.throws(() => taxRate("XX"), RangeError);
  assert.equal(taxRate("US-OR"), 0);
});
