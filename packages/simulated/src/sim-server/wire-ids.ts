import { createRandom, type Random } from "agentone";

export const base62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
export const lowercaseAlphanumeric = "0123456789abcdefghijklmnopqrstuvwxyz";
export const hexadecimal = "0123456789abcdef";

/** An id in a provider's style (`msg_01…`, `chatcmpl-…`), drawn from a seeded generator. */
export function wireId(random: Random, shape: { prefix: string; length: number; alphabet?: string }): string {
  const alphabet = shape.alphabet ?? base62;
  let id = shape.prefix;
  for (let index = 0; index < shape.length; index++) id += alphabet[random.integer(0, alphabet.length - 1)];
  return id;
}

/**
 * A wire id derived from a stable source (the simulator's own tool-call id), so the same answer carries
 * the same ids every time, and the ids a client sends back still match.
 */
export function stableWireId(
  source: string,
  shape: { prefix: string; length: number; alphabet?: string },
): string {
  return wireId(createRandom(`${shape.prefix}${source}`), shape);
}
