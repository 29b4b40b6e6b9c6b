import { StoreError } from "../../core/errors/index.js";
import type { RunEvent } from "../../core/events/run-event.js";
import type { Message } from "../../core/messages.js";
import { sha256Hex, stableJson } from "../../core/stable-json.js";

/** Strings longer than this are stored once as payloads; shorter ones stay in the event. */
export const inlineStringLimit = 1024;

/**
 * The value `events.payload_format` takes for documents that may hold references and list each
 * `model-call-start`'s messages in full. Written before the log became linear; still read and verified.
 */
export const messageListPayloadFormat = 1;

/**
 * The format written now: as {@link messageListPayloadFormat}, except that a `model-call-start` may store
 * its messages as a {@link MessageListDelta} on an earlier call's (see `message-list-deltas.ts`).
 */
export const messageDeltaPayloadFormat = 2;

/** The formats whose documents hold `{"$payload": sha256}` references. */
export const referencedPayloadFormats: readonly number[] = [
  messageListPayloadFormat,
  messageDeltaPayloadFormat,
];

const referenceKey = "$payload";
// A literal one-key object whose key is "$payload" (or that with more leading dollars) gains one more
// dollar when written and loses it when read, so it can never be mistaken for a reference.
const escapedKeyPattern = /^\$+payload$/;

/** Payload content (canonical JSON text) by its SHA-256. */
export type PayloadContents = Map<string, string>;

/** How a document refers to a payload. */
export type PayloadReference = { $payload: string };

/** Stores a `model-call-start`'s messages: by default each one as a reference, in full. */
export type MessagesEncoder = (messages: readonly Message[], payloads: PayloadContents) => unknown;

const fullList: MessagesEncoder = (messages, payloads) =>
  messages.map((message) => referenceTo(message, payloads));

/**
 * The document stored for an event: each message of a `model-call-start` request (as `encodeMessages`
 * writes the list), and every string longer than {@link inlineStringLimit} or holding a NUL character,
 * becomes `{"$payload": sha256}`; their content is added to `payloads`.
 */
export function externalizePayloads(
  event: RunEvent,
  payloads: PayloadContents,
  encodeMessages: MessagesEncoder = fullList,
): unknown {
  if (event.type !== "model-call-start") return encodeValue(asJson(event), payloads);
  // Messages are stored whole, so the long strings inside them are not stored a second time on their own.
  // They are left out of the round trip below, which would otherwise copy the whole conversation per call;
  // each is written as canonical JSON, which drops undefined members as the round trip does.
  const { messages, ...request } = event.request;
  const document = encodeValue(asJson({ ...event, request }), payloads) as Record<string, unknown>;
  const encodedRequest = document.request as Record<string, unknown>;
  return { ...document, request: { ...encodedRequest, messages: encodeMessages(messages, payloads) } };
}

/**
 * A JSON round trip, so what is stored is what JSON.stringify(event) stored before references existed:
 * toJSON applied, undefined members dropped.
 */
function asJson(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value));
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
  if (typeof value === "string") return mustMoveOut(value) ? referenceTo(value, payloads) : value;
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

/** A reference to `value`, whose canonical JSON is added to `payloads`. */
export function referenceTo(value: unknown, payloads: PayloadContents): PayloadReference {
  const content = stableJson(value);
  return referenceToContent({ sha256: sha256Hex(content), content }, payloads);
}

/** A reference to content already hashed, added to `payloads`. */
export function referenceToContent(
  payload: { sha256: string; content: string },
  payloads: PayloadContents,
): PayloadReference {
  payloads.set(payload.sha256, payload.content);
  return { [referenceKey]: payload.sha256 } as PayloadReference;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
