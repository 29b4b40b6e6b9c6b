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
  return encode(value, new Set(), top);
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

/**
 * Where a value sits, as a chain of keys up to the top, turned into text (`$.messages[2].content`) only for
 * an error message: building that text, and a context object, for every member of every value cost more
 * than the encoding.
 */
interface Path {
  parent: Path | null;
  key: string | number;
}

const top: Path = { parent: null, key: "$" };

function pathText(path: Path): string {
  const keys: (string | number)[] = [];
  for (let at: Path | null = path; at !== null; at = at.parent) keys.push(at.key);
  return keys
    .reverse()
    .map((key, index) => (index === 0 ? String(key) : typeof key === "number" ? `[${key}]` : `.${key}`))
    .join("");
}

/** Encodes `value`, found at `path`. */
function encode(value: unknown, ancestors: Set<object>, path: Path): string {
  switch (typeof value) {
    case "string":
      return JSON.stringify(value);
    case "boolean":
      return value ? "true" : "false";
    case "number":
      if (!Number.isFinite(value)) throw refuse(path, String(value));
      return JSON.stringify(value);
    case "object":
      return value === null ? "null" : encodeObject(value, ancestors, path);
    default:
      throw refuse(path, typeof value);
  }
}

function encodeObject(value: object, ancestors: Set<object>, path: Path): string {
  // Refused before `toJSON` is looked at: a library may patch one onto every Set or Map in the process
  // (vega-lite defines `Set.prototype.toJSON`), which would make the encoding depend on what was loaded.
  if (value instanceof Map || value instanceof Set) {
    throw refuse(path, `an instance of ${value.constructor.name}`);
  }
  const withToJson = value as { toJSON?: unknown };
  if (typeof withToJson.toJSON === "function") {
    return encode((withToJson.toJSON as () => unknown).call(value), ancestors, path);
  }
  if (ancestors.has(value)) throw refuse(path, "a reference to itself (a cycle)");
  ancestors.add(value);
  try {
    if (Array.isArray(value)) {
      let text = "[";
      for (let index = 0; index < value.length; index++) {
        if (index > 0) text += ",";
        text += encode(value[index], ancestors, { parent: path, key: index });
      }
      return `${text}]`;
    }
    const prototype = Object.getPrototypeOf(value);
    if (prototype !== Object.prototype && prototype !== null) {
      throw refuse(path, `an instance of ${value.constructor?.name ?? "a class"}`);
    }
    const record = value as Record<string, unknown>;
    let text = "{";
    let first = true;
    // The default sort compares UTF-16 code units, which is the order RFC 8785 prescribes.
    for (const memberKey of Object.keys(record).sort()) {
      const member = record[memberKey];
      if (member === undefined) continue;
      text += `${first ? "" : ","}${JSON.stringify(memberKey)}:${encode(member, ancestors, { parent: path, key: memberKey })}`;
      first = false;
    }
    return `${text}}`;
  } finally {
    ancestors.delete(value);
  }
}

function refuse(path: Path, what: string): UsageError {
  return new UsageError(`cannot write ${what} at ${pathText(path)} as canonical JSON`);
}
