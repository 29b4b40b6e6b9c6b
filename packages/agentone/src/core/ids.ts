import { randomBytes } from "node:crypto";

/** Makes identifiers for runs, calls and reservations. Injected so tests can make them predictable. */
export interface IdGenerator {
  next(prefix: string): string;
}

const alphabet = "0123456789abcdefghjkmnpqrstvwxyz";

/**
 * Time-ordered random ids such as `run_01kx3c9d7q4m8z`: sortable by creation, unique across processes.
 */
export function createRandomIdGenerator(now: () => number = Date.now): IdGenerator {
  return {
    next(prefix) {
      let time = now();
      let timePart = "";
      for (let index = 0; index < 8; index++) {
        timePart = alphabet[time % 32] + timePart;
        time = Math.floor(time / 32);
      }
      const bytes = randomBytes(6);
      let randomPart = "";
      for (const byte of bytes) randomPart += alphabet[byte % 32];
      return `${prefix}_${timePart}${randomPart}`;
    },
  };
}

/** Counting ids (`run_0001`, `call_0002`, ...) for deterministic tests. */
export function createSequentialIdGenerator(): IdGenerator {
  const counters = new Map<string, number>();
  return {
    next(prefix) {
      const count = (counters.get(prefix) ?? 0) + 1;
      counters.set(prefix, count);
      return `${prefix}_${String(count).padStart(4, "0")}`;
    },
  };
}
