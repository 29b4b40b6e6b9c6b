import { describe, expect, it } from "vitest";
import { buildRequestHeaders } from "./request-headers.js";

describe("buildRequestHeaders", () => {
  it("lower-cases names, adds a JSON content type for bodies and the idempotency key when given", () => {
    expect(
      buildRequestHeaders({
        headers: { Accept: "application/json", Authorization: "Bearer t" },
        hasBody: true,
        idempotencyKey: "run:1:call",
      }),
    ).toEqual({
      "user-agent": "AgentOne http_request",
      accept: "application/json",
      authorization: "Bearer t",
      "content-type": "application/json",
      "idempotency-key": "run:1:call",
    });
  });

  it("keeps the model's content type and sends no key without one", () => {
    const headers = buildRequestHeaders({
      headers: { "Content-Type": "application/merge-patch+json" },
      hasBody: true,
      idempotencyKey: undefined,
    });
    expect(headers["content-type"]).toBe("application/merge-patch+json");
    expect(headers["idempotency-key"]).toBeUndefined();
  });

  it.each([
    [{ Host: "internal.example" }, "host comes from the URL"],
    [{ "content-length": "5" }, "frames the body"],
    [{ "Transfer-Encoding": "chunked" }, "frames the body"],
    [{ Connection: "upgrade" }, "manages the connection"],
    [{ "Proxy-Authorization": "x" }, "proxy"],
    [{ "Accept-Encoding": "gzip" }, "uncompressed"],
    [{ "Idempotency-Key": "mine" }, "idempotency key"],
    [{ "bad name": "x" }, "not a valid header name"],
    [{ "X-Test": "a\r\nHost: evil" }, "line break"],
    [{ Accept: "a", accept: "b" }, "given twice"],
  ])("refuses %j", (headers, why) => {
    let caught: unknown;
    try {
      buildRequestHeaders({ headers, hasBody: false, idempotencyKey: undefined });
    } catch (error) {
      caught = error;
    }
    expect(caught).toMatchObject({ reason: "invalid_arguments" });
    expect((caught as Error).message).toContain(why);
  });
});
