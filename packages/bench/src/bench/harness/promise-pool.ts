/**
 * Runs `worker` over `items` with at most `concurrency` calls in flight, and resolves with the results in
 * the items' order. The first failure rejects once the calls in flight have settled; no new call starts
 * after it.
 *
 * @example
 * ```ts
 * const sizes = await runPool({ items: files, concurrency: 2, worker: (file) => stat(file).then((s) => s.size) });
 * ```
 */
export async function runPool<Item, Result>(options: {
  items: readonly Item[];
  concurrency: number;
  worker: (item: Item, index: number) => Promise<Result>;
}): Promise<Result[]> {
  const { items, worker } = options;
  if (!Number.isSafeInteger(options.concurrency) || options.concurrency < 1)
    throw new RangeError(`concurrency must be a whole number of at least 1, got ${options.concurrency}`);
  const results: Result[] = new Array(items.length);
  let next = 0;
  let failure: { error: unknown } | undefined;
  const lane = async () => {
    while (failure === undefined && next < items.length) {
      const index = next++;
      try {
        results[index] = await worker(items[index] as Item, index);
      } catch (error) {
        failure ??= { error };
      }
    }
  };
  const lanes = Math.min(options.concurrency, items.length);
  await Promise.all(Array.from({ length: lanes }, lane));
  if (failure !== undefined) throw failure.error;
  return results;
}
