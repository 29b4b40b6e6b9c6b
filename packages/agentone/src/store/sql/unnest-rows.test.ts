import { describe, expect, it } from "vitest";
import { unnestRows } from "./unnest-rows.js";

describe("unnestRows", () => {
  it("sends one array per column, numbered after the parameters already there", () => {
    const parameters: unknown[] = ["run-1"];
    const select = unnestRows(
      [
        ["a", 1],
        ["b", null],
      ],
      ["text", "integer"],
      parameters,
    );
    expect(select).toBe("select c1, c2 from unnest($2::text[], $3::integer[]) as new_rows(c1, c2)");
    expect(parameters).toEqual(["run-1", ["a", "b"], [1, null]]);
  });

  it("keeps the same text whatever the number of rows, so the statement can be prepared once", () => {
    const one = unnestRows([["a"]], ["text"], []);
    const none = unnestRows([], ["text"], []);
    const many = unnestRows([["a"], ["b"], ["c"]], ["text"], []);
    expect(new Set([one, none, many]).size).toBe(1);
  });

  it("sends jsonb columns as text and casts each element, leaving the JSON text as written", () => {
    const parameters: unknown[] = [];
    const select = unnestRows([['{"b":1,"a":2}']], ["jsonb"], parameters);
    expect(select).toBe("select c1::jsonb from unnest($1::text[]) as new_rows(c1)");
    expect(parameters).toEqual([['{"b":1,"a":2}']]);
  });
});
