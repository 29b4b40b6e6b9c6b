import { StoreError } from "../../core/errors/index.js";
import type { RunEvent } from "../../core/events/run-event.js";
import { sha256Hex, stableJson } from "../../core/stable-json.js";

/** Strings longer than this are stored once as payloads; shorter ones stay in the event. */
export const inlineStringLimit = 1024;

/** The value `events.payload_format` takes for documents that may hold references. */
export const referencedPayloadFormat = 1;

const referenceKey = "$payload";
// A literal one-key object whose key is "$payload" (or that with more leading dollars) gains one more
// dollar when written and loses it when read, so it can never be mistaken for a reference.
const escapedKeyPattern = /^\$+payload$/;

/** Payload content (canonical JSON text) by its SHA-256. */
export type PayloadContents = Map<string, string>;

/**
 * The document stored for an event: each message of a `model-call-start` request, and every string longer
 * than {@link inlineStringLimit} or holding a NUL character, becomes `{"$payload": sha256}`; their
 * content is added to `payloads`.
 */
export function externalizePayloads(event: RunEvent, payloads: PayloadContents): unknown {
  // A JSON round trip first, so what is stored is what JSON.stringify(event) stored before references
  // existed: toJSON applied, undefined members dropped.
  const plain = JSON.parse(JSON.stringify(event)) as RunEvent;
  if (plain.type !== "model-call-start") return encodeValue(plain, payloads);
  // Messages are stored whole, so the long strings inside them are not stored a second time on their own.
  const { messages, ...request } = plain.request;
  const document = encodeValue({ ...plain, request }, payloads) as Record<string, unknown>;
  const encodedRequest = document.request as Record<string, unknown>;
  return {
    ...document,
    request: { ...encodedRequest, messages: messages.map((message) => reference(message, payloads)) },
  };
}

/**
 * Rebuilds the written event from a stored document, replacing references with `resolve(sha256)`. Call it
 * with a resolver that records hashes to find which payloads a document needs.
 */
export function rehydratePayloads(document: unknown, resolve: (sha256: string) => unknown): unknown {
  if (Array.isArray(document)) return document.map((item) => rehydratePayloads(item, resolve));
  if (!isRecord(document)) return document;
  const entries = Object.entries(document);
  const [only] = entries;
  if (entries.length === 1 && only !== undefined && escapedKeyPattern.test(only[0])) {
    const [key, value] = only;
    if (key !== referenceKey) return Object.fromEntries([[key.slice(1), rehydratePayloads(value, resolve)]]);
    if (typeof value !== "string") throw new StoreError(`a payload reference holds ${JSON.stringify(value)}`);
    return resolve(value);
  }
  return Object.fromEntries(entries.map(([key, value]) => [key, rehydratePayloads(value, resolve)]));
}

/** The hashes a stored document refers to. */
export function referencedHashes(document: unknown, into: Set<string>): Set<string> {
  rehydratePayloads(document, (sha256) => {
    into.add(sha256);
    return null;
  });
  return into;
}

function encodeValue(value: unknown, payloads: PayloadContents): unknown {
  if (typeof value === "string") return mustMoveOut(value) ? reference(value, payloads) : value;
  if (Array.isArray(value)) return value.map((item) => encodeValue(item, payloads));
  if (!isRecord(value)) return value;
  const entries = Object.entries(value).map(([key, member]) => [key, encodeValue(member, payloads)] as const);
  const [only] = entries;
  if (entries.length === 1 && only !== undefined && escapedKeyPattern.test(only[0])) {
    return Object.fromEntries([[`$${only[0]}`, only[1]]]);
  }
  // fromEntries, not assignment, so a "__proto__" key stays an ordinary property.
  return Object.fromEntries(entries);
}

/**
 * Long strings, and strings holding NUL, which a jsonb column refuses ("unsupported Unicode escape
 * sequence") but a payload keeps, escaped, in its JSON text.
 */
function mustMoveOut(text: string): boolean {
  return text.length > inlineStringLimit || text.includes("\u0000");
}

function reference(value: unknown, payloads: PayloadContents): { $payload: string } {
  const content = stableJson(value);
  const sha256 = sha256Hex(content);
  payloads.set(sha256, content);
  return { [referenceKey]: sha256 };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
