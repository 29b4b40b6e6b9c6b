import { z } from "zod";

/** How thoroughly a tool's arguments are checked before they reach its server. */
export type ArgumentsCheck = "full" | "top-level";

/** A zod schema for a tool's arguments, built from the JSON Schema its MCP server published. */
export interface ArgumentsSchema {
  schema: z.ZodType<Record<string, unknown>>;
  check: ArgumentsCheck;
}

function jsonTypeOf(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  if (typeof value === "number") return Number.isInteger(value) ? "integer" : "number";
  return typeof value;
}

function declaredTypes(property: unknown): string[] {
  if (typeof property !== "object" || property === null) return [];
  const type = (property as { type?: unknown }).type;
  if (typeof type === "string") return [type];
  return Array.isArray(type) ? type.filter((entry): entry is string => typeof entry === "string") : [];
}

function typeMatches(declared: readonly string[], value: unknown): boolean {
  const actual = jsonTypeOf(value);
  return declared.some((type) => type === actual || (type === "number" && actual === "integer"));
}

/**
 * The fallback for schemas zod cannot convert (`if`/`then`/`else`, `not`, external `$ref`, ...): the
 * arguments are an object, the required properties are there, and top-level properties have their
 * declared JSON types. Deeper rules are left to the server, which reports violations as errors.
 */
function topLevelSchema(jsonSchema: Record<string, unknown>): z.ZodType<Record<string, unknown>> {
  const properties = (jsonSchema.properties ?? {}) as Record<string, unknown>;
  const required = Array.isArray(jsonSchema.required) ? jsonSchema.required : [];
  return z.record(z.string(), z.unknown()).superRefine((value, context) => {
    for (const name of required)
      if (typeof name === "string" && !Object.hasOwn(value, name))
        context.addIssue({ code: "custom", message: "is required", path: [name] });
    for (const [name, argument] of Object.entries(value)) {
      const types = Object.hasOwn(properties, name) ? declaredTypes(properties[name]) : [];
      if (types.length > 0 && !typeMatches(types, argument))
        context.addIssue({
          code: "custom",
          message: `must be ${types.join(" or ")}, not ${jsonTypeOf(argument)}`,
          path: [name],
        });
    }
  });
}

/**
 * Turns an MCP tool's input JSON Schema into a zod schema that enforces it. zod's converter
 * (`z.fromJSONSchema`, marked semi-experimental by zod) handles most schemas in full; a schema it refuses,
 * or converts into something zod cannot describe back as JSON Schema, gets the top-level check instead.
 * Either way the arguments must be a JSON object.
 *
 * @example
 * ```ts
 * const { schema, check } = mcpArgumentsSchema({ type: "object", properties: { a: { type: "number" } }, required: ["a"] });
 * check; // "full"
 * schema.safeParse({}).success; // false
 * ```
 */
export function mcpArgumentsSchema(jsonSchema: Record<string, unknown>): ArgumentsSchema {
  try {
    const converted = z.fromJSONSchema(jsonSchema as Parameters<typeof z.fromJSONSchema>[0]);
    // The engine describes every tool to the model with z.toJSONSchema, so that must work too.
    z.toJSONSchema(converted, { io: "input" });
    // MCP requires an object schema; anything that lets other values through is not trusted to be exact.
    if (converted.safeParse([]).success || converted.safeParse(null).success)
      throw new Error("not an object");
    return { schema: converted as z.ZodType<Record<string, unknown>>, check: "full" };
  } catch {
    return { schema: topLevelSchema(jsonSchema), check: "top-level" };
  }
}
