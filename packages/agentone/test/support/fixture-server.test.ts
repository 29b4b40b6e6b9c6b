import { describe, expect, it } from "vitest";
import { startFixtureServer } from "./fixture-server.js";

async function readUntilFailure(response: Response): Promise<{ text: string; failed: boolean }> {
  const reader = response.body?.getReader();
  const decoder = new TextDecoder();
  let text = "";
  try {
    for (;;) {
      const chunk = await reader?.read();
      if (!chunk || chunk.done) return { text, failed: false };
      text += decoder.decode(chunk.value);
    }
  } catch {
    return { text, failed: true };
  }
}

describe("fixture server", () => {
  it("a cut stream delivers its events, then drops the connection", async () => {
    const server = await startFixtureServer([{ sse: ["data: one", "data: two"], cut: "abort" }]);
    try {
      const response = await fetch(`${server.baseUrl}/x`, { method: "POST", body: "{}" });
      expect(response.status).toBe(200);
      const { text, failed } = await readUntilFailure(response);
      expect(text).toBe("data: one\n\ndata: two\n\n");
      expect(failed).toBe(true);
    } finally {
      await server.close();
    }
  });

  it("a clean early end delivers its events and ends without error", async () => {
    const server = await startFixtureServer([{ ndjson: [{ a: 1 }], cut: "end" }]);
    try {
      const { text, failed } = await readUntilFailure(await fetch(server.baseUrl));
      expect(text).toBe('{"a":1}\n');
      expect(failed).toBe(false);
      expect(server.requests[0]?.method).toBe("GET");
    } finally {
      await server.close();
    }
  });
});
