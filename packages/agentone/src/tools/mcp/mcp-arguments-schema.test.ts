import { describe, expect, it } from "vitest";
import { z } from "zod";
import { mcpArgumentsSchema } from "./mcp-arguments-schema.js";

const exact = {
  type: "object",
  properties: {
    query: { type: "string", minLength: 1, description: "What to look for." },
    limit: { type: "integer", minimum: 1, maximum: 50 },
    tags: { type: "array", items: { type: "string" } },
  },
  required: ["query"],
};

describe("mcpArgumentsSchema", () => {
  it("converts schemas zod understands and enforces them in full", () => {
    const { schema, check } = mcpArgumentsSchema(exact);
    expect(check).toBe("full");
    expect(schema.safeParse({ query: "x", limit: 3, tags: ["a"] }).success).toBe(true);
    expect(schema.safeParse({ query: "" }).success).toBe(false);
    expect(schema.safeParse({ query: "x", limit: 51 }).success).toBe(false);
    expect(schema.safeParse({ query: "x", tags: [1] }).success).toBe(false);
    expect(schema.safeParse({ limit: 1 }).success).toBe(false);
    expect(schema.safeParse("x").success).toBe(false);
    expect(schema.safeParse([]).success).toBe(false);
    expect(z.toJSONSchema(schema, { io: "input" })).toMatchObject({
      properties: { query: { type: "string", description: "What to look for." } },
      required: ["query"],
    });
  });

  it("keeps unknown properties unless the schema forbids them", () => {
    expect(mcpArgumentsSchema(exact).schema.parse({ query: "x", other: 1 })).toEqual({
      query: "x",
      other: 1,
    });
    const closed = mcpArgumentsSchema({ ...exact, additionalProperties: false }).schema;
    expect(closed.safeParse({ query: "x", other: 1 }).success).toBe(false);
  });

  it.each([
    // biome-ignore lint/suspicious/noThenProperty: JSON Schema's if/then/else keyword, not a promise.
    ["if/then/else", { ...exact, if: { required: ["limit"] }, then: { required: ["tags"] } }],
    ["not", { ...exact, not: { required: ["tags"] } }],
    [
      "an external $ref",
      { ...exact, properties: { ...exact.properties, other: { $ref: "https://x.test/s.json" } } },
    ],
  ])("falls back to the top-level check for %s", (_label, jsonSchema) => {
    const { schema, check } = mcpArgumentsSchema(jsonSchema);
    expect(check).toBe("top-level");
    expect(schema.safeParse({ query: "x", limit: 2, tags: ["a"], other: { deep: true } }).success).toBe(true);
    const missing = schema.safeParse({ limit: 2 });
    expect(missing.error?.issues.map((issue) => [issue.path, issue.message])).toEqual([
      [["query"], "is required"],
    ]);
    const mistyped = schema.safeParse({ query: 1, limit: 1.5, tags: "a" });
    expect(mistyped.error?.issues.map((issue) => issue.message)).toEqual([
      "must be string, not integer",
      "must be integer, not number",
      "must be array, not string",
    ]);
    expect(schema.safeParse([]).success).toBe(false);
    expect(schema.safeParse(null).success).toBe(false);
    expect(z.toJSONSchema(schema, { io: "input" })).toMatchObject({ type: "object" });
  });

  it("accepts integers where a number is declared, and several declared types", () => {
    const { schema } = mcpArgumentsSchema({
      type: "object",
      properties: { n: { type: "number" }, v: { type: ["string", "null"] } },
      not: { required: ["w"] },
    });
    expect(schema.safeParse({ n: 3, v: null }).success).toBe(true);
    expect(schema.safeParse({ n: 3, v: 1 }).error?.issues[0]?.message).toBe(
      "must be string or null, not integer",
    );
  });
});
