import { expect, it } from "vitest";
import { runStartEvent, sampleRun, timeAt, uniqueRunId } from "./sample-events.js";
import type { StoreUnderTest } from "./store-contract.js";

/** Tenants, API keys, idempotency keys and runs by tenant: what `agentone serve` keeps in the store. */
export function defineTenantTests(current: () => StoreUnderTest): void {
  it("creates tenants once each and lists them by name", async () => {
    const { store } = current();
    const name = uniqueRunId("tenant");
    await store.createTenant({ name, createdAt: timeAt(0) });
    await expect(store.createTenant({ name, createdAt: timeAt(1) })).rejects.toMatchObject({
      code: "USAGE_ERROR",
    });
    expect(await store.listTenants()).toContainEqual({ name, createdAt: timeAt(0) });
  });

  it("keeps API keys by hash, finds them, lists them without secrets, and revokes them once", async () => {
    const { store } = current();
    const tenant = uniqueRunId("tenant");
    await store.createTenant({ name: tenant, createdAt: timeAt(0) });
    const key = {
      id: uniqueRunId("key"),
      tenant,
      role: "member" as const,
      keyHash: `hash-${uniqueRunId("h")}`,
      createdAt: timeAt(1),
      revokedAt: null,
    };
    await store.createApiKey(key);
    expect(await store.findApiKey(key.keyHash)).toEqual(key);
    expect(await store.findApiKey("no-such-hash")).toBeUndefined();
    expect(await store.listApiKeys({ tenant })).toEqual([key]);
    await store.revokeApiKey(key.id, timeAt(2));
    await store.revokeApiKey(key.id, timeAt(3));
    expect((await store.findApiKey(key.keyHash))?.revokedAt).toBe(timeAt(2));
    await expect(store.revokeApiKey("key-missing", timeAt(2))).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(
      store.createApiKey({ ...key, id: uniqueRunId("key"), keyHash: "other", tenant: "no-such-tenant" }),
    ).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
  });

  it("claims an idempotency key once per tenant, returns the first claim after, and releases it", async () => {
    const { store } = current();
    const tenant = uniqueRunId("tenant");
    const claim = { tenant, key: "retry-1", runId: "run-a", requestHash: "h1", createdAt: timeAt(0) };
    expect(await store.claimIdempotencyKey(claim)).toBeUndefined();
    expect(await store.claimIdempotencyKey({ ...claim, runId: "run-b", requestHash: "h2" })).toEqual(claim);
    expect(
      await store.claimIdempotencyKey({ ...claim, tenant: `${tenant}-other`, runId: "run-c" }),
    ).toBeUndefined();
    await store.releaseIdempotencyKey({ tenant, key: "retry-1" });
    expect(await store.claimIdempotencyKey({ ...claim, runId: "run-d" })).toBeUndefined();
  });

  it("records each run's tenant (default when none is given) and lists by tenant, status and cursor", async () => {
    const { store } = current();
    const tenant = uniqueRunId("tenant");
    const start = "2998-01-01T00:00:00.000Z";
    const ids = [0, 1, 2].map(() => uniqueRunId("tenant-run"));
    for (const [offset, id] of ids.entries()) {
      const createdAt = timeAt(offset, start);
      await store.createRun(
        sampleRun(id, {
          createdAt,
          updatedAt: createdAt,
          tenant,
          status: offset === 1 ? "completed" : "created",
        }),
        [runStartEvent(id)],
      );
    }
    const untagged = uniqueRunId("untagged");
    await store.createRun(sampleRun(untagged), [runStartEvent(untagged)]);
    expect((await store.getRun(untagged))?.tenant).toBe("default");
    expect((await store.getRun(ids[0] ?? ""))?.tenant).toBe(tenant);
    const all = await store.listRuns({ tenant });
    expect(all.map((run) => run.id)).toEqual([...ids].reverse());
    expect((await store.listRuns({ tenant, status: "completed" })).map((run) => run.id)).toEqual([ids[1]]);
    const [newest] = all;
    const older = await store.listRuns({
      tenant,
      before: { createdAt: newest?.createdAt ?? "", id: newest?.id ?? "" },
    });
    expect(older.map((run) => run.id)).toEqual([ids[1], ids[0]]);
  });

  it("keeps a managed run's queue priority on its row, and none for a run made without one", async () => {
    const { store } = current();
    const tenant = uniqueRunId("tenant");
    const urgent = uniqueRunId("urgent");
    const plain = uniqueRunId("plain");
    await store.createRun(sampleRun(urgent, { priority: -7, tenant }), [runStartEvent(urgent)]);
    await store.createRun(sampleRun(plain, { tenant }), [runStartEvent(plain)]);
    expect((await store.getRun(urgent))?.priority).toBe(-7);
    expect(await store.getRun(plain)).not.toHaveProperty("priority");
    const listed = await store.listRuns({ tenant });
    expect(listed.find((run) => run.id === urgent)?.priority).toBe(-7);
  });

  it("keeps a tenant's kill switch on, from its first engage, until it is released", async () => {
    const { store } = current();
    const tenant = uniqueRunId("tenant");
    await store.createTenant({ name: tenant, createdAt: timeAt(0) });
    const mine = async () =>
      ((await store.listTenantKillSwitches?.()) ?? []).filter((record) => record.tenant === tenant);
    expect(await mine()).toEqual([]);
    await store.engageTenantKillSwitch?.({ tenant, engagedAt: timeAt(1) });
    await store.engageTenantKillSwitch?.({ tenant, engagedAt: timeAt(2) });
    expect(await mine()).toEqual([{ tenant, engagedAt: timeAt(1) }]);
    await store.releaseTenantKillSwitch?.(tenant);
    await store.releaseTenantKillSwitch?.(tenant);
    expect(await mine()).toEqual([]);
    await expect(
      store.engageTenantKillSwitch?.({ tenant: `${tenant}-unknown`, engagedAt: timeAt(3) }),
    ).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
}
