import { describe, expect, it } from "vitest";
import { z } from "zod";
import { createHttpTools, httpCallTraits } from "./index.js";

describe("createHttpTools", () => {
  it("returns http_request with the conservative static traits", () => {
    const tools = createHttpTools();
    expect(tools.map((tool) => [tool.name, tool.sideEffect, tool.idempotent, tool.requiresApproval])).toEqual(
      [["http_request", "external", false, true]],
    );
  });

  it("names the allowed hosts in the description", () => {
    const [tool] = createHttpTools({ allowedHosts: ["api.example.com", "*.example.org"] });
    expect(tool?.description).toContain("Only these hosts can be reached: api.example.com, *.example.org.");
  });

  it("has a plain JSON Schema with every field described", () => {
    const [tool] = createHttpTools();
    const schema = z.toJSONSchema(tool?.inputSchema ?? z.never(), { io: "input" }) as {
      properties: Record<string, { description?: string }>;
      required: string[];
    };
    expect(Object.keys(schema.properties)).toEqual(["method", "url", "headers", "body"]);
    for (const field of Object.values(schema.properties)) expect(field.description).toBeTruthy();
    expect(schema.required).toEqual(["method", "url"]);
  });
});

describe("httpCallTraits", () => {
  it.each(["GET", "HEAD"] as const)("%s reads: idempotent, no side effect, no approval", (method) => {
    expect(httpCallTraits({ method })).toEqual({
      idempotent: true,
      requiresApproval: false,
      sideEffect: "none",
      cacheable: false,
    });
  });

  it.each(["POST", "PUT", "PATCH", "DELETE"] as const)("%s may change things: approval needed", (method) => {
    expect(httpCallTraits({ method })).toEqual({
      idempotent: false,
      requiresApproval: true,
      sideEffect: "external",
      cacheable: false,
    });
  });
});
