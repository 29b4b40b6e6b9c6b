/** Where two JSON values first differ: the path (`decision.model`, `request.messages[3].content`) and both sides. */
export interface Difference {
  path: string;
  recorded: unknown;
  replayed: unknown;
}

/**
 * Paths a comparison skips, told by what the walk would name them. `hasBelow` lets a walk leave the paths
 * under a value unnamed when none of them can be skipped: naming every path of a long conversation (one
 * string per message and field) cost more than comparing it.
 */
export interface IgnoredPaths {
  /** Whether the value at `path` is skipped (compared as equal). */
  has(path: string): boolean;
  /** Whether some path strictly under `path` may be skipped; when not, `has` is not asked below it. */
  hasBelow(path: string): boolean;
}

function join(path: string, key: string | number): string {
  if (typeof key === "number") return `${path}[${key}]`;
  return path === "" ? key : `${path}.${key}`;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * The paths strictly above each of `paths`, as a walk names them: `sla.outcomes[2].actualMs` gives
 * `sla`, `sla.outcomes` and `sla.outcomes[2]`. With a set of skipped paths, they answer `hasBelow`.
 *
 * @example
 * ```ts
 * pathsAbove(["options.model"]); // Set { "options" }
 * ```
 */
export function pathsAbove(paths: Iterable<string>): Set<string> {
  const above = new Set<string>();
  for (const path of paths)
    for (let index = 1; index < path.length; index++)
      if (path[index] === "." || path[index] === "[") above.add(path.slice(0, index));
  return above;
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
 * Pairs of objects already found equal in one replay, so a value met again (the earlier messages of a
 * conversation, which every later model call carries) is not walked again: without it, comparing a long
 * run's model calls cost the square of its length. A pair is kept only when the replayed object is frozen
 * all the way down (a run's messages are, see `freezeMessage`), so nothing can have changed it since;
 * the recorded side is the replay's input, which nothing changes while the replay runs.
 *
 * @example
 * ```ts
 * const known = new EqualPairs();
 * firstDifference(recordedEvent, replayedEvent, { known }); // walks each frozen message once per replay
 * ```
 */
export class EqualPairs {
  readonly #pairs = new WeakMap<object, object>();

  /** Whether `recorded` was found equal to this very `replayed` object. */
  has(recorded: object, replayed: object): boolean {
    return this.#pairs.get(recorded) === replayed;
  }

  /** Remembers that `recorded` equals `replayed`, if nothing can change `replayed` (frozen all the way down). */
  addIfFrozen(recorded: object, replayed: object): void {
    if (isDeeplyFrozen(replayed)) this.#pairs.set(recorded, replayed);
  }
}

function isDeeplyFrozen(value: unknown): boolean {
  if (typeof value !== "object" || value === null) return true;
  if (!Object.isFrozen(value)) return false;
  for (const key of Object.keys(value))
    if (!isDeeplyFrozen((value as Record<string, unknown>)[key])) return false;
  return true;
}

/** Skips nothing. */
const nothingIgnored: IgnoredPaths = { has: () => false, hasBelow: () => false };

/** A predicate can skip any path: every path is named and asked. */
function ignoredPathsOf(ignore: ((path: string) => boolean) | IgnoredPaths | undefined): IgnoredPaths {
  if (ignore === undefined) return nothingIgnored;
  if (typeof ignore === "function") return { has: ignore, hasBelow: () => true };
  return ignore;
}

/**
 * The first difference between two JSON values, depth first in key order, skipping the paths `ignore`
 * says to (e.g. times and ids); null when they are the same. Values are compared as their JSON text
 * would compare, without writing it: properties holding `undefined` count as absent, and leaves as
 * {@link asJsonLeaf} reads them. `ignore` is a predicate asked for every path, or an {@link IgnoredPaths}
 * that also says where no path can be skipped (faster on large values).
 *
 * Equal values, the common case of a replay, are found equal in one pass in whatever order their keys
 * come, naming no path where nothing can be skipped; only values that differ are walked again in key
 * order to name their first difference.
 *
 * @example
 * ```ts
 * firstDifference({ a: 1, b: [1, 2] }, { a: 1, b: [1, 3] }); // { path: "b[1]", recorded: 2, replayed: 3 }
 * ```
 */
export function firstDifference(
  recorded: unknown,
  replayed: unknown,
  options: {
    ignore?: ((path: string) => boolean) | IgnoredPaths;
    path?: string;
    /** Pairs found equal earlier in the same replay, and where to remember the ones found now. */
    known?: EqualPairs;
  } = {},
): Difference | null {
  const ignore = ignoredPathsOf(options.ignore);
  const path = options.path ?? "";
  if (path !== "" && ignore.has(path)) return null;
  if (sameTracked(recorded, replayed, { path, ignore, known: options.known })) return null;
  return differenceAt(recorded, replayed, { path, ignore });
}

/** Whether `key` is one that Object.keys lists for `value` (an own, enumerable property). */
function listsKey(value: object, key: string): boolean {
  return Object.prototype.propertyIsEnumerable.call(value, key);
}

/** Where a walk is while a path under it may be skipped: the path, and what says which are. */
interface Tracked {
  path: string;
  ignore: IgnoredPaths;
  known: EqualPairs | undefined;
}

/**
 * Whether two values compare equal as {@link differenceAt} compares them, in one pass and in any key
 * order, while a path under them may be skipped: each child's path is built and asked about, until a
 * child has none under it that can be (it is then compared by {@link sameValue}).
 */
function sameTracked(recorded: unknown, replayed: unknown, tracked: Tracked): boolean {
  if (!areContainers(recorded, replayed)) return sameValue(recorded, replayed, tracked.known);
  const before = recorded as Record<string | number, unknown>;
  const after = replayed as Record<string | number, unknown>;
  const same = (key: string | number) =>
    sameChild(before[key], after[key], { ...tracked, path: join(tracked.path, key) });
  if (Array.isArray(recorded)) {
    if (!Array.isArray(replayed) || recorded.length !== replayed.length) return false;
    for (let index = 0; index < recorded.length; index++) if (!same(index)) return false;
    return true;
  }
  if (Array.isArray(replayed)) return false;
  for (const key of Object.keys(before)) if (!same(key)) return false;
  for (const key of Object.keys(after)) if (!listsKey(before, key) && !same(key)) return false;
  return true;
}

/** A child of a tracked value: skipped, tracked in turn, or compared whole when nothing under it is skipped. */
function sameChild(recorded: unknown, replayed: unknown, child: Tracked): boolean {
  if (child.ignore.has(child.path)) return true;
  if (!child.ignore.hasBelow(child.path)) return sameValue(recorded, replayed, child.known);
  return sameTracked(recorded, replayed, child);
}

/** Two distinct objects (arrays or records): compared inside; anything else compares as a leaf. */
function areContainers(recorded: unknown, replayed: unknown): boolean {
  return (
    recorded !== replayed &&
    typeof recorded === "object" &&
    recorded !== null &&
    typeof replayed === "object" &&
    replayed !== null
  );
}

/**
 * Whether two values compare equal as {@link differenceAt} compares them with nothing skipped, in one
 * pass and in any key order, naming no path: the walk of every event's bulk (a model call's conversation).
 * A record pair in `known` is equal without a walk; one found equal now is remembered there.
 */
function sameValue(recorded: unknown, replayed: unknown, known: EqualPairs | undefined): boolean {
  if (recorded === replayed) return true;
  if (typeof recorded !== "object" || recorded === null || typeof replayed !== "object" || replayed === null)
    return Object.is(asJsonLeaf(recorded), asJsonLeaf(replayed));
  if (Array.isArray(recorded)) {
    if (!Array.isArray(replayed) || recorded.length !== replayed.length) return false;
    for (let index = 0; index < recorded.length; index++)
      if (!sameValue(recorded[index], replayed[index], known)) return false;
    return true;
  }
  if (Array.isArray(replayed)) return false;
  if (known?.has(recorded, replayed)) return true;
  if (!sameRecords(recorded as Record<string, unknown>, replayed as Record<string, unknown>, known))
    return false;
  known?.addIfFrozen(recorded, replayed);
  return true;
}

function sameRecords(
  recorded: Record<string, unknown>,
  replayed: Record<string, unknown>,
  known: EqualPairs | undefined,
): boolean {
  const keys = Object.keys(recorded);
  const replayedKeys = Object.keys(replayed);
  // Values built alike list the same keys in the same order: then the second loop has nothing to do.
  let alike = keys.length === replayedKeys.length;
  for (let index = 0; index < keys.length; index++) {
    const key = keys[index] as string;
    if (alike && replayedKeys[index] !== key) alike = false;
    if (!sameValue(recorded[key], replayed[key], known)) return false;
  }
  if (alike) return true;
  // Keys only the replayed value has (those both have were compared above).
  for (const key of replayedKeys)
    if (!listsKey(recorded, key) && !sameValue(recorded[key], replayed[key], known)) return false;
  return true;
}

/** The first difference in key order, every path named and asked about (walked once, on a difference). */
function differenceAt(
  recorded: unknown,
  replayed: unknown,
  where: Omit<Tracked, "known">,
): Difference | null {
  const { path, ignore } = where;
  if (
    typeof recorded !== "object" ||
    recorded === null ||
    typeof replayed !== "object" ||
    replayed === null
  ) {
    const [before, after] = [asJsonLeaf(recorded), asJsonLeaf(replayed)];
    return Object.is(before, after) ? null : { path, recorded: before, replayed: after };
  }
  if (recorded === replayed) return null;
  if (Array.isArray(recorded) && Array.isArray(replayed)) {
    const length = Math.max(recorded.length, replayed.length);
    for (let index = 0; index < length; index++) {
      const at = join(path, index);
      if (index >= recorded.length || index >= replayed.length)
        return { path: at, recorded: recorded[index], replayed: replayed[index] };
      const found = ignore.has(at)
        ? null
        : differenceAt(recorded[index], replayed[index], { path: at, ignore });
      if (found) return found;
    }
    return null;
  }
  if (isRecord(recorded) && isRecord(replayed)) {
    const keys = [...new Set([...Object.keys(recorded), ...Object.keys(replayed)])].sort();
    for (const key of keys) {
      const at = join(path, key);
      const found = ignore.has(at) ? null : differenceAt(recorded[key], replayed[key], { path: at, ignore });
      if (found) return found;
    }
    return null;
  }
  return { path, recorded, replayed };
}
