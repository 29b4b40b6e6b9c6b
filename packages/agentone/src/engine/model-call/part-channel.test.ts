import { describe, expect, it } from "vitest";
import { PartChannel } from "./part-channel.js";

const delta = (text: string) => ({ type: "text-delta" as const, text });

describe("PartChannel", () => {
  it("holds the call until the consumer has taken each part", async () => {
    const channel = new PartChannel();
    let delivered = false;
    const delivery = channel.deliver(delta("a"), new AbortController().signal).then(() => {
      delivered = true;
    });
    expect(channel.started).toBe(true);
    const item = await channel.take();
    expect(item).toMatchObject({ type: "part", part: delta("a") });
    await Promise.resolve();
    expect(delivered).toBe(false);
    if (item.type === "part") item.taken();
    await delivery;
    expect(delivered).toBe(true);
  });

  it("releases a waiting call with the reason when the consumer stops reading", async () => {
    const channel = new PartChannel();
    const delivery = channel.deliver(delta("a"), channel.stopped);
    channel.stop(new Error("stopped reading"));
    await expect(delivery).rejects.toThrow("stopped reading");
    expect(channel.stopped.aborted).toBe(true);
  });

  it("hands over how the call ended after its parts, in order", async () => {
    const channel = new PartChannel();
    void channel.deliver(delta("a"), new AbortController().signal);
    channel.put({ type: "failed", error: new Error("cut") });
    expect((await channel.take()).type).toBe("part");
    expect(await channel.take()).toMatchObject({ type: "failed" });
  });
});
