import { describe, expect, it } from "vitest";
import { withRunMetrics } from "../../src/server/metered-store.js";
import { RunEventHub } from "../../src/server/run-event-hub.js";
import type { CacheEntryInput } from "../../src/store/cache-entry.js";
import type { Store } from "../../src/store/store.js";
import { createServerMetrics } from "../../src/telemetry/server-metrics.js";
import { createTestStore } from "../../src/testing/test-store.js";
import { openingEvents, reserveEvent, sampleRun, timeAt, uniqueRunId } from "../store/sample-events.js";

const wrappers: [string, (store: Store) => Store][] = [
  ["the metrics wrapper", (store) => withRunMetrics(store, createServerMetrics({ model: () => undefined }))],
  ["the event hub's wrapper", (store) => new RunEventHub().observe(store)],
];

describe.each(wrappers)("%s", (_name, wrap) => {
  it("writes the cache entries an append carries, as the store it wraps does", async () => {
    const inner = await createTestStore();
    const store = wrap(inner);
    const runId = uniqueRunId();
    await store.createRun(sampleRun(runId), openingEvents(runId));
    const entry: CacheEntryInput = {
      namespace: "model",
      tenant: uniqueRunId("tenant"),
      key: "answer",
      value: { text: "cached" },
      sourceRunId: runId,
      sourceStep: 1,
      createdAt: timeAt(0),
      expiresAt: null,
    };

    await store.appendEvents(runId, [reserveEvent(runId, 2)], { cacheEntries: [entry] });

    const { namespace, tenant, key } = entry;
    expect(await inner.getCacheEntry({ namespace, tenant, key, now: timeAt(1) })).toMatchObject({
      value: entry.value,
    });
    await inner.close();
  });
});
