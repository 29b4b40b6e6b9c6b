import type { ToolCacheStore } from "../../tool.js";

/** Settles with the promise, or rejects with the signal's reason as soon as it aborts. */
function untilAborted<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) {
      reject(signal.reason);
      return;
    }
    const onAbort = () => reject(signal.reason);
    signal.addEventListener("abort", onAbort, { once: true });
    void promise.then(
      (value) => {
        signal.removeEventListener("abort", onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener("abort", onAbort);
        reject(error);
      },
    );
  });
}

/**
 * Reads a stored value. A store that fails reads as a miss (undefined): the cache never fails a call. A
 * store that hangs does not hold the call past its deadline: the call's abort reason is thrown.
 *
 * @example
 * ```ts
 * const value = await readStored({ store, key, signal });
 * ```
 */
export async function readStored(options: {
  store: ToolCacheStore;
  key: string;
  signal: AbortSignal;
}): Promise<unknown> {
  const { store, key, signal } = options;
  try {
    return await untilAborted(store.get(key), signal);
  } catch {
    if (signal.aborted) throw signal.reason;
    return undefined;
  }
}

/**
 * Stores a value for `ttlMs` and says whether it was stored. A failing store, or a call that ends while
 * the put is pending, only means nothing was stored: the response in hand is still the answer.
 *
 * @example
 * ```ts
 * const stored = await writeStored({ store, key, value, ttlMs: 60_000, signal });
 * ```
 */
export async function writeStored(options: {
  store: ToolCacheStore;
  key: string;
  value: unknown;
  ttlMs: number;
  signal: AbortSignal;
}): Promise<boolean> {
  const { store, key, value, ttlMs, signal } = options;
  if (!(ttlMs > 0)) return false;
  try {
    await untilAborted(store.put(key, value, { ttlMs }), signal);
    return true;
  } catch {
    return false;
  }
}
