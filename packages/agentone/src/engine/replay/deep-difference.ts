/** Where two JSON values first differ: the path (`decision.model`, `request.messages[3].content`) and both sides. */
export interface Difference {
  path: string;
  recorded: unknown;
  replayed: unknown;
}

function join(path: string, key: string | number): string {
  if (typeof key === "number") return `${path}[${key}]`;
  return path === "" ? key : `${path}.${key}`;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * The first difference between two JSON values, depth first in key order, skipping the paths `ignore`
 * says to (e.g. times and ids); null when they are the same. Properties holding `undefined` count as absent.
 *
 * @example
 * ```ts
 * firstDifference({ a: 1, b: [1, 2] }, { a: 1, b: [1, 3] }); // { path: "b[1]", recorded: 2, replayed: 3 }
 * ```
 */
export function firstDifference(
  recorded: unknown,
  replayed: unknown,
  options: { ignore?: (path: string) => boolean; path?: string } = {},
): Difference | null {
  const path = options.path ?? "";
  if (path !== "" && options.ignore?.(path)) return null;
  if (Array.isArray(recorded) && Array.isArray(replayed)) {
    const length = Math.max(recorded.length, replayed.length);
    for (let index = 0; index < length; index++) {
      if (index >= recorded.length || index >= replayed.length)
        return { path: join(path, index), recorded: recorded[index], replayed: replayed[index] };
      const found = firstDifference(recorded[index], replayed[index], {
        ...options,
        path: join(path, index),
      });
      if (found) return found;
    }
    return null;
  }
  if (isRecord(recorded) && isRecord(replayed)) {
    const keys = [...new Set([...Object.keys(recorded), ...Object.keys(replayed)])].sort();
    for (const key of keys) {
      const found = firstDifference(recorded[key], replayed[key], { ...options, path: join(path, key) });
      if (found) return found;
    }
    return null;
  }
  return Object.is(recorded, replayed) ? null : { path, recorded, replayed };
}
