import assert from "node:assert/strict";
import { test } from "node:test";
import { pageCount, pageItems, pageNumbers } from "../src/pagination.js";

test("pageCount rounds a partial last page up", () => {
  assert.equal(pageCount(45, 10), 5);
  assert.equal(pageCount(40, 10), 4);
  assert.equal(pageCount(0, 10), 1);
});

test("pageCount refuses a page size below one", () => {
  assert.throws(() => pageCount(45, 0), RangeError);
});

test("pageItems returns the slice of one page", () => {
  const items = ["a", "b", "c", "d", "e"];
  assert.deepEqual(pageItems(items, 1, 2), ["a", "b"]);
  assert.deepEqual(pageItems(items, 3, 2), ["e"]);
  assert.deepEqual(pageItems(items, 4, 2), []);
});

test("pageNumbers lists every page, the last one included", () => {
  assert.deepEqual(pageNumbers(45, 10), [1, 2, 3, 4, 5]);
  assert.deepEqual(pageNumbers(0, 10), [1]);
});
