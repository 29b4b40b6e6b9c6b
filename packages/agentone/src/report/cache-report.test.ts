import { describe, expect, it } from "vitest";
import type { RunEvent } from "../core/events/run-event.js";
import { buildCacheReport } from "./cache-report.js";
import { renderCache } from "./render-cache.js";

let seq = 0;

function toolResult(tool: string, metadata?: Record<string, unknown>): RunEvent {
  seq++;
  return {
    schemaVersion: 1,
    runId: "run-1",
    seq,
    at: "2026-01-01T00:00:00.000Z",
    type: "tool-result",
    step: 1,
    callId: `call-${seq}`,
    tool,
    output: "HTTP 200 OK",
    isError: false,
    durationMs: 0,
    metadata,
  };
}

describe("the cache report's HTTP cache counts", () => {
  it("counts http_request GETs answered from the HTTP cache: hits and 304 revalidations", () => {
    const report = buildCacheReport([
      toolResult("http_request", { status: 200, cache: "hit", cacheAgeSeconds: 12 }),
      toolResult("http_request", { status: 200, cache: "hit" }),
      toolResult("http_request", { status: 200, cache: "revalidated", cacheStored: true }),
      toolResult("http_request", { status: 200, cache: "miss", cacheStored: true }),
      toolResult("http_request", { status: 200, cache: "bypass" }),
      toolResult("http_request", { status: 201 }),
      // The engine's own tool cache marks its hits the same way; only http_request's are HTTP cache hits.
      toolResult("read_file", { cache: "hit" }),
      toolResult("http_request"),
    ]);
    expect(report).toMatchObject({ httpHits: 2, httpRevalidations: 1, modelHits: 0, misses: 0 });
    expect(renderCache(report)).toEqual([
      "",
      "HTTP cache: 3 GETs answered from stored responses (2 fresh with no request, 1 revalidated by a 304)",
    ]);
  });

  it("renders nothing about the HTTP cache when it answered nothing", () => {
    const report = buildCacheReport([toolResult("http_request", { cache: "miss", cacheStored: true })]);
    expect(report).toMatchObject({ httpHits: 0, httpRevalidations: 0 });
    expect(renderCache(report)).toEqual([]);
  });
});
