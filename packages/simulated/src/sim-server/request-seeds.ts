import type { ModelRequest } from "agentone";
import { hashString } from "agentone/internal";
import { requestSeed } from "../backends/simulated/request-seed.js";

/** How many distinct requests a server remembers answering; past it, the oldest are forgotten. */
const rememberedRequests = 100_000;

export interface RequestSeeds {
  /**
   * The seed of a request that carries none: derived from the server's seed, the request's content (as
   * `requestSeed` reads it) and how many times this server has answered that same content before. The
   * first answer to a request is the same on every fresh server with the same `--seed`; a retry of it is
   * a new draw, so a designed mistake is not repeated on every retry, and mistakes keep their rate.
   */
  derive(request: Omit<ModelRequest, "seed" | "signal">): number;
}

/**
 * The per-server seed source for requests without a seed. A request that names its seed is never
 * derived: it keeps that seed and stays reproducible on any server.
 *
 * @example
 * ```ts
 * const seeds = createRequestSeeds(7);
 * const seed = call.request.seed ?? seeds.derive(call.request);
 * ```
 */
export function createRequestSeeds(serverSeed: number): RequestSeeds {
  const answered = new Map<number, number>();
  return {
    derive(request) {
      const content = requestSeed({ ...request, seed: serverSeed });
      const before = answered.get(content) ?? 0;
      answered.delete(content);
      answered.set(content, before + 1);
      // Map order is insertion order: the first key is the least recently answered request.
      if (answered.size > rememberedRequests) answered.delete(answered.keys().next().value as number);
      return hashString(`${content}:answer:${before}`);
    },
  };
}

/**
 * The seed of choice `index` of an `n`-choice request: choice 0 keeps the request's seed (so `n: 1` and
 * the first of `n` choices agree), the others each get their own.
 */
export const choiceSeed = (seed: number, index: number): number =>
  index === 0 ? seed : hashString(`${seed}:choice:${index}`);
