import { test } from "node:test";
import assert from "node:assert/strict";
import { Cart } from "../src/cart.js";

test("adding the same SKU twice merges quantities", () => {
  const cart = new Cart("US-OR").add("mug", 1200).add("mug", 1200, 2);
  assert.equal(cart.items.get("mug").quantity, 3);
  assert.equal(cart.subtotal(), 3600);
  cart.remove("mug");
  assert.equal(cart.subtotal(), 0);
});

test("totals without a discount code", () => {
  const cart = new Cart("DE").add("kettle", 1999, 3);
  assert.deepEqual(cart.totals(), { subtotal: 5997, discount: 0, tax: 1139, total: 7136 });
});

test("tax is charged on the discounted subtotal", () => {
  const cart = new Cart("US-CA").add("lamp", 2000, 2).applyCode("SPRING10");
  assert.deepEqual(cart.totals(), { subtotal: 4000, discount: 400, tax: 261, total: 3861 });
});
