import { test } from "node:test";
import assert from "node:assert/strict";
import { discountFor, lineTotal } from "../src/pricing.js";

test("lineTotal multiplies unit price by quantity", () => {
  assert.equal(lineTotal({ unitPrice: 250, quantity: 4 }), 1000);
  assert.throws(() => lineTotal({ unitPrice: 2.5, quantity: 1 }), TypeError);
});

test("percent codes are case-insensitive and rounded", () => {
  assert.equal(discountFor("spring10", 1995), 200);
  assert.equal(discountFor("NOPE", 1995), 0);
});

test("fixed codes respect their minimum subtotal", () => {
  assert.equal(discountFor("WELCOME5", 2499), 0);
  assert.equal(discountFor("WELCOME5", 2500), 500);
});
