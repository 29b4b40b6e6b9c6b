import { describe, expect, it } from "vitest";
import { secretsOfUrl, splitBaseUrl, withQuery } from "./url-credentials.js";

describe("url credentials", () => {
  it("finds the key, credential-named query values and user info, in every echoed form, longest first", () => {
    const secrets = secretsOfUrl(new URL("http://ad:pw12@gw/v1?api_key=qk%2F1&api-version=2024"), "sk-1");
    expect(secrets).toEqual(
      expect.arrayContaining(["sk-1", "qk/1", "qk%2F1", "cWsvMQ==", "pw12", "ad:pw12"]),
    );
    expect(secrets).not.toContain("2024");
    expect(secrets).toEqual([...secrets].sort((left, right) => right.length - left.length));
  });

  it("splits a base URL into a clean URL, its query, a Basic header and its secrets", () => {
    const parts = splitBaseUrl(new URL("http://u:pw12@gw/v1/?api_key=qk-123#top"));
    expect(parts).toMatchObject({
      url: "http://gw/v1",
      query: { api_key: "qk-123" },
      authorization: `Basic ${Buffer.from("u:pw12").toString("base64")}`,
    });
    expect(parts.secrets).toContain("qk-123");
  });

  it("adds the base URL's query to a request URL, encoded", () => {
    expect(withQuery("http://gw:11434/api/chat", { key: "k/1 2" })).toBe(
      "http://gw:11434/api/chat?key=k%2F1+2",
    );
    expect(withQuery("http://gw:11434/api/chat", {})).toBe("http://gw:11434/api/chat");
  });
});
