import { createHash } from "node:crypto";
import { UsageError } from "./errors/index.js";

/**
 * Canonical JSON text: object keys sorted by UTF-16 code units at every level, no whitespace, strings and
 * numbers written as `JSON.stringify` writes them (so the output follows RFC 8785 for the values accepted).
 * Two values give the same text exactly when they are the same JSON document, whatever their key order.
 *
 * Stricter than `JSON.stringify`, because a silent lossy conversion would let different values share a
 * hash: Maps, Sets, class instances without `toJSON`, bigints, functions, symbols, NaN, Infinity and
 * cycles are refused with a UsageError. Object properties holding `undefined` are left out (an absent
 * optional field); `undefined` in an array or at the top is refused.
 *
 * @example
 * ```ts
 * stableJson({ b: 1, a: [true, null] }); // '{"a":[true,null],"b":1}'
 * ```
 */
export function stableJson(value: unknown): string {
  return encode(value, { path: "$", ancestors: new Set() });
}

/**
 * The SHA-256 of `content` (text as UTF-8), as 64 lowercase hex digits. Text with a lone surrogate cannot be
 * UTF-8 encoded and would hash like U+FFFD; hash {@link stableJson} output, which escapes them, instead.
 *
 * @example
 * ```ts
 * sha256Hex(stableJson({ model: "m", seed: 1 })); // "5d1c…"
 * ```
 */
export function sha256Hex(content: string | Uint8Array): string {
  return createHash("sha256").update(content).digest("hex");
}

interface EncodeContext {
  /** Where the value sits, for error messages: `$.messages[2].content`. */
  path: string;
  /** Objects being encoded above this one, to refuse cycles instead of overflowing the stack. */
  ancestors: Set<object>;
}

function encode(value: unknown, context: EncodeContext): string {
  switch (typeof value) {
    case "string":
      return JSON.stringify(value);
    case "boolean":
      return value ? "true" : "false";
    case "number":
      if (!Number.isFinite(value)) throw refuse(context, String(value));
      return JSON.stringify(value);
    case "object":
      return value === null ? "null" : encodeObject(value, context);
    default:
      throw refuse(context, typeof value);
  }
}

function encodeObject(value: object, context: EncodeContext): string {
  // Refused before `toJSON` is looked at: a library may patch one onto every Set or Map in the process
  // (vega-lite defines `Set.prototype.toJSON`), which would make the encoding depend on what was loaded.
  if (value instanceof Map || value instanceof Set) {
    throw refuse(context, `an instance of ${value.constructor.name}`);
  }
  const withToJson = value as { toJSON?: unknown };
  if (typeof withToJson.toJSON === "function") {
    return encode((withToJson.toJSON as () => unknown).call(value), context);
  }
  if (context.ancestors.has(value)) throw refuse(context, "a reference to itself (a cycle)");
  context.ancestors.add(value);
  try {
    if (Array.isArray(value)) {
      const items = value.map((item, index) =>
        encode(item, { ...context, path: `${context.path}[${index}]` }),
      );
      return `[${items.join(",")}]`;
    }
    const prototype = Object.getPrototypeOf(value);
    if (prototype !== Object.prototype && prototype !== null) {
      throw refuse(context, `an instance of ${value.constructor?.name ?? "a class"}`);
    }
    const record = value as Record<string, unknown>;
    const members: string[] = [];
    // The default sort compares UTF-16 code units, which is the order RFC 8785 prescribes.
    for (const key of Object.keys(record).sort()) {
      const member = record[key];
      if (member === undefined) continue;
      members.push(
        `${JSON.stringify(key)}:${encode(member, { ...context, path: `${context.path}.${key}` })}`,
      );
    }
    return `{${members.join(",")}}`;
  } finally {
    context.ancestors.delete(value);
  }
}

function refuse(context: EncodeContext, what: string): UsageError {
  return new UsageError(`cannot write ${what} at ${context.path} as canonical JSON`);
}
