import { sha256Hex, stableJson } from "../../core/stable-json.js";

/** What an event row's hash covers: the hash before it, how its document is encoded, and the document. */
export interface ChainLink {
  /** The previous event's hash; null for the first chained event of a run. */
  prevHash: string | null;
  payloadFormat: number;
  /** The stored document (payload references in place: each names its content by hash already). */
  document: unknown;
}

/**
 * The hash of one link of a run's event chain: SHA-256 of the canonical JSON of the link. Canonical, so
 * the jsonb column's own key order and spacing do not matter: reading the row back gives the same hash.
 */
export function chainHash(link: ChainLink): string {
  return sha256Hex(
    stableJson({ prev: link.prevHash, payloadFormat: link.payloadFormat, event: link.document }),
  );
}

/**
 * {@link chainHash} of a link whose document is given as its canonical JSON text (`stableJson`), without
 * parsing and serialising it again. The link's keys sort as `event`, `payloadFormat`, `prev`, so the text
 * hashed is exactly the one `chainHash` hashes.
 *
 * @example
 * ```ts
 * chainHashOfText({ prevHash: null, payloadFormat: 2, documentText: stableJson(document) });
 * // === chainHash({ prevHash: null, payloadFormat: 2, document })
 * ```
 */
export function chainHashOfText(link: {
  prevHash: string | null;
  payloadFormat: number;
  documentText: string;
}): string {
  return sha256Hex(
    `{"event":${link.documentText},"payloadFormat":${stableJson(link.payloadFormat)},"prev":${stableJson(link.prevHash)}}`,
  );
}
