/**
 * A seeded source of randomness. All of AgentOne's own randomness (retry jitter, simulated models)
 * comes from one of these, so a seed reproduces a run.
 *
 * @example
 * ```ts
 * const random = createRandom(42);
 * const jitter = random.next(); // same value for seed 42, every time
 * const perCall = random.fork("model-call:3"); // an independent stream named by its purpose
 * ```
 */
export interface Random {
  /** A float in [0, 1). */
  next(): number;
  /** An integer in [min, max]. */
  integer(min: number, max: number): number;
  /** True with probability `probability`. */
  chance(probability: number): boolean;
  pick<T>(items: readonly T[]): T;
  /** A lognormal draw with the given median and log-space standard deviation. */
  lognormal(median: number, sigma: number): number;
  /** An independent generator derived from this one's seed and a label (does not advance this one). */
  fork(label: string): Random;
}

/** 53-bit string hash (cyrb53); also used to derive seeds from labels and requests. */
export function hashString(text: string, seed = 0): number {
  let h1 = 0xdeadbeef ^ seed;
  let h2 = 0x41c6ce57 ^ seed;
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    h1 = Math.imul(h1 ^ code, 2654435761);
    h2 = Math.imul(h2 ^ code, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return 4294967296 * (2097151 & h2) + (h1 >>> 0);
}

/** Creates a seeded generator (sfc32). */
export function createRandom(seed: number | string): Random {
  const base = typeof seed === "number" ? seed : hashString(seed);
  const seedText = String(base);
  let a = hashString(seedText, 1) >>> 0;
  let b = hashString(seedText, 2) >>> 0;
  let c = hashString(seedText, 3) >>> 0;
  let d = hashString(seedText, 4) >>> 0;
  const next = (): number => {
    a >>>= 0;
    b >>>= 0;
    c >>>= 0;
    d >>>= 0;
    let t = (a + b) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    d = (d + 1) | 0;
    t = (t + d) | 0;
    c = (c + t) | 0;
    return (t >>> 0) / 4294967296;
  };
  const random: Random = {
    next,
    integer: (min, max) => min + Math.floor(next() * (max - min + 1)),
    chance: (probability) => next() < probability,
    pick: <T>(items: readonly T[]): T => {
      if (items.length === 0) throw new RangeError("cannot pick from an empty list");
      return items[Math.floor(next() * items.length)] as T;
    },
    lognormal: (median, sigma) => {
      // Box-Muller; 1 - next() keeps the logarithm's argument above zero.
      const normal = Math.sqrt(-2 * Math.log(1 - next())) * Math.cos(2 * Math.PI * next());
      return median * Math.exp(sigma * normal);
    },
    fork: (label) => createRandom(hashString(`${seedText}/${label}`)),
  };
  return random;
}
