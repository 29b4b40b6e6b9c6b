import assert from "node:assert/strict";
import { test } from "node:test";
import { slugify } from "../src/slugify.js";

test("lower-cases single words", () => {
  assert.equal(slugify("Release"), "release");
});

test("joins words with one dash, whatever separates them", () => {
  assert.equal(slugify("Hello, World!"), "hello-world");
  assert.equal(slugify("  budgets   and   limits "), "budgets-and-limits");
});

test("keeps digits", () => {
  assert.equal(slugify("Version 2 notes"), "version-2-notes");
});
