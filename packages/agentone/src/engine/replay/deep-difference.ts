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
 * A leaf as JSON text would carry it: NaN and infinities become null, -0 becomes 0. Other values pass.
 *
 * @example
 * ```ts
 * asJsonLeaf(Number.NaN); // null
 * ```
 */
export function asJsonLeaf(value: unknown): unknown {
  if (typeof value !== "number") return value;
  if (!Number.isFinite(value)) return null;
  return value === 0 ? 0 : value;
}

/**
 * The first difference between two JSON values, depth first in key order, skipping the paths `ignore`
 * says to (e.g. times and ids); null when they are the same. Values are compared as their JSON text
 * would compare, without writing it: properties holding `undefined` count as absent, and leaves as
 * {@link asJsonLeaf} reads them.
 *
 * @example
 * ```ts
 * firstDifference({ a: 1, b: [1, 2] }, { a: 1, b: [1, 3] }); // { path: "b[1]", recorded: 2, replayed: 3 }
 * ```
 */
export function firstDifference(
  recorded: unknown,
  replayed: unknown,
  options: { ignore?: (path: string) => boolean; path?: string; equalPairs?: EqualPairs } = {},
): Difference | null {
  const context = { ignore: options.ignore, equalPairs: options.equalPairs, ignoredPaths: 0 };
  return differenceAt(recorded, replayed, { path: options.path ?? "", context });
}

/**
 * Pairs of objects found equal, everything inside them compared (none of it ignored): comparing them
 * again, as the next model call's conversation repeats the last one's messages, is then free. Keep one
 * per replay; the objects must not change afterwards (events never do).
 */
export class EqualPairs {
  readonly #pairs = new WeakMap<object, WeakSet<object>>();

  has(recorded: object, replayed: object): boolean {
    return this.#pairs.get(recorded)?.has(replayed) ?? false;
  }

  add(recorded: object, replayed: object): void {
    const partners = this.#pairs.get(recorded) ?? new WeakSet<object>();
    partners.add(replayed);
    this.#pairs.set(recorded, partners);
  }
}

interface DifferenceContext {
  ignore: ((path: string) => boolean) | undefined;
  equalPairs: EqualPairs | undefined;
  /** How many paths were skipped so far: a pair compared with none skipped inside is truly equal. */
  ignoredPaths: number;
}

/** Where a comparison is: the path so far, and what the whole comparison shares. */
interface Place {
  path: string;
  context: DifferenceContext;
}

function differenceAt(recorded: unknown, replayed: unknown, place: Place): Difference | null {
  const { path, context } = place;
  if (path !== "" && context.ignore?.(path)) {
    context.ignoredPaths += 1;
    return null;
  }
  if (
    typeof recorded !== "object" ||
    recorded === null ||
    typeof replayed !== "object" ||
    replayed === null
  ) {
    const [before, after] = [asJsonLeaf(recorded), asJsonLeaf(replayed)];
    return Object.is(before, after) ? null : { path, recorded: before, replayed: after };
  }
  if (recorded === replayed || context.equalPairs?.has(recorded, replayed)) return null;
  const ignoredBefore = context.ignoredPaths;
  const found = containerDifference(recorded, replayed, place);
  if (found === null && context.ignoredPaths === ignoredBefore) context.equalPairs?.add(recorded, replayed);
  return found;
}

function containerDifference(recorded: object, replayed: object, place: Place): Difference | null {
  const { path, context } = place;
  if (Array.isArray(recorded) && Array.isArray(replayed)) {
    const length = Math.max(recorded.length, replayed.length);
    for (let index = 0; index < length; index++) {
      if (index >= recorded.length || index >= replayed.length)
        return { path: join(path, index), recorded: recorded[index], replayed: replayed[index] };
      const found = differenceAt(recorded[index], replayed[index], { path: join(path, index), context });
      if (found) return found;
    }
    return null;
  }
  if (isRecord(recorded) && isRecord(replayed)) {
    const keys = [...new Set([...Object.keys(recorded), ...Object.keys(replayed)])].sort();
    for (const key of keys) {
      const found = differenceAt(recorded[key], replayed[key], { path: join(path, key), context });
      if (found) return found;
    }
    return null;
  }
  return { path, recorded, replayed };
}
