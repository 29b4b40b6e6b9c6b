import { describe, expect, it } from "vitest";
import type { Message } from "../../core/messages.js";
import { sha256Hex, stableJson } from "../../core/stable-json.js";
import { chainHash, chainHashOfText } from "./event-chain.js";
import { deltaEncoder, MessageListReader, type WrittenMessageList } from "./message-list-deltas.js";
import type { PayloadContents } from "./payload-references.js";

const user = (content: string): Message => ({ role: "user", content });
const hashOf = (message: Message) => sha256Hex(stableJson(message));

function encode(messages: Message[], base: WrittenMessageList | undefined, seq = 9) {
  const payloads: PayloadContents = new Map();
  let written: WrittenMessageList | undefined;
  const stored = deltaEncoder({ base, seq, written: (list) => (written = list) })(messages, payloads);
  return { stored, payloads, written };
}

describe("message list deltas", () => {
  const first = [user("a"), user("b")];
  const base: WrittenMessageList = { seq: 4, messages: first, hashes: first.map(hashOf) };

  it("store only the messages after the prefix shared with the base, equal copies included", () => {
    const { stored, payloads, written } = encode([{ ...user("a") }, first[1] as Message, user("c")], base);
    expect(stored).toEqual({ base: 4, keep: 2, added: [{ $payload: hashOf(user("c")) }] });
    expect([...payloads.keys()]).toEqual([hashOf(user("c"))]);
    expect(written?.hashes).toEqual([...base.hashes, hashOf(user("c"))]);
  });

  it("keep only the same prefix of an edited list, and store a list sharing nothing in full", () => {
    expect(encode([user("a"), user("summary")], base).stored).toMatchObject({ keep: 1 });
    expect(encode([user("other")], base).stored).toEqual([{ $payload: hashOf(user("other")) }]);
    expect(encode(first, undefined).stored).toHaveLength(2);
  });

  it("are rebuilt in sequence order, and a change to a missing call is refused", () => {
    const reader = new MessageListReader();
    expect(reader.resolve(4, first)).toEqual(first);
    expect(reader.resolve(9, { base: 4, keep: 1, added: [user("z")] })).toEqual([user("a"), user("z")]);
    expect(() => reader.resolve(10, { base: 7, keep: 1, added: [] })).toThrow(/event 7 is not an earlier/);
    expect(() => reader.resolve(11, { base: 4, keep: 3, added: [] })).toThrow(/keeps 3 messages of event 4/);
    expect(() => reader.resolve(12, { base: 4, keep: 0, added: [] })).toThrow(/malformed/);
  });

  it("hash the chain from the canonical text exactly as from the document", () => {
    const document = { type: "x", request: { messages: { base: 4, keep: 1, added: [] } }, note: "é\u2028" };
    for (const prevHash of [null, sha256Hex("previous")]) {
      expect(chainHashOfText({ prevHash, payloadFormat: 2, documentText: stableJson(document) })).toBe(
        chainHash({ prevHash, payloadFormat: 2, document }),
      );
    }
  });
});
