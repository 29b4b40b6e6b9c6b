import { describe, expect, it } from "vitest";
import type { RunEvent } from "../../src/core/events/run-event.js";
import { sha256Hex, stableJson } from "../../src/core/stable-json.js";
import {
  externalizePayloads,
  inlineStringLimit,
  type PayloadContents,
  referencedHashes,
  rehydratePayloads,
} from "../../src/store/sql/payload-references.js";
import { conversation, filler, modelCallStartEvent, toolResultEvent } from "./sample-payload-events.js";

function roundTrip(event: RunEvent): { document: unknown; payloads: PayloadContents; restored: unknown } {
  const payloads: PayloadContents = new Map();
  const document = JSON.parse(JSON.stringify(externalizePayloads(event, payloads)));
  const restored = rehydratePayloads(document, (sha256) => {
    const content = payloads.get(sha256);
    if (content === undefined) throw new Error(`no payload ${sha256}`);
    return JSON.parse(content);
  });
  return { document, payloads, restored };
}

describe("payload references", () => {
  it("replaces every message and every long string, and restores them exactly", () => {
    const event = modelCallStartEvent("run-1", 3, conversation(2));
    const { document, payloads, restored } = roundTrip(event);
    expect(restored).toEqual(event);
    expect(payloads.size).toBe(3);
    const messages = (document as { request: { messages: unknown[] } }).request.messages;
    expect(messages[0]).toEqual({ $payload: sha256Hex(stableJson(event.request.messages[0])) });
    expect(referencedHashes(document, new Set())).toEqual(new Set(payloads.keys()));
  });

  it("keeps strings up to the limit inline and hashes each payload's stored content", () => {
    const atLimit = "a".repeat(inlineStringLimit);
    const overLimit = "b".repeat(inlineStringLimit + 1);
    const event = toolResultEvent("run-1", 4, { output: overLimit, metadata: { atLimit } });
    const { document, payloads } = roundTrip(event);
    expect(document).toMatchObject({ output: { $payload: sha256Hex(JSON.stringify(overLimit)) } });
    expect(document).toMatchObject({ metadata: { atLimit } });
    for (const [sha256, content] of payloads) expect(sha256Hex(content)).toBe(sha256);
  });

  it("escapes objects that look like references, at any depth, and keeps __proto__ keys", () => {
    const metadata = {
      one: { $payload: "abc" },
      two: { $$payload: { $$$payload: [{ $payload: 1 }] } },
      notAlone: { $payload: "abc", other: true },
      long: { $payload: filler("long", 3000) },
      ...Object.fromEntries([["__proto__", { kept: true }]]),
    };
    const event = toolResultEvent("run-1", 4, { output: "ok", metadata });
    const { document, restored } = roundTrip(event);
    expect(restored).toEqual(event);
    expect(Object.keys((restored as { metadata: object }).metadata)).toContain("__proto__");
    expect(document).toMatchObject({
      metadata: {
        one: { $$payload: "abc" },
        two: { $$$payload: { $$$$payload: [{ $$payload: 1 }] } },
        notAlone: { $payload: "abc", other: true },
        long: { $$payload: { $payload: sha256Hex(JSON.stringify(metadata.long.$payload)) } },
      },
    });
  });

  it("refuses a reference that does not hold a hash", () => {
    expect(() => rehydratePayloads({ field: { $payload: 5 } }, () => null)).toThrow(
      /a payload reference holds 5/,
    );
  });
});
