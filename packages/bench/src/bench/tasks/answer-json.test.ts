import { describe, expect, it } from "vitest";
import { jsonObjectInAnswer, jsonObjectInFile } from "./answer-json.js";

describe("jsonObjectInAnswer", () => {
  it("reads the first fence that parses", () => {
    expect(jsonObjectInAnswer('x\n```json\n[1]\n```\n```\n{"a": 1}\n```')).toEqual({ a: 1 });
  });

  it("reads a bare JSON answer or the braces inside prose", () => {
    expect(jsonObjectInAnswer(' {"a": 2} ')).toEqual({ a: 2 });
    expect(jsonObjectInAnswer('Report: {"a": 3}. Done.')).toEqual({ a: 3 });
  });

  it("returns null when there is no object", () => {
    expect(jsonObjectInAnswer("no json here")).toBeNull();
    expect(jsonObjectInAnswer("[1, 2]")).toBeNull();
    expect(jsonObjectInAnswer("{ broken")).toBeNull();
  });
});

describe("jsonObjectInFile", () => {
  it("parses an object and rejects the rest", () => {
    expect(jsonObjectInFile('{"b": true}\n')).toEqual({ b: true });
    expect(jsonObjectInFile("null")).toBeNull();
    expect(jsonObjectInFile(null)).toBeNull();
  });
});
