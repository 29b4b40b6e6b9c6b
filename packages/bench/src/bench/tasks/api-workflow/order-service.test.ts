import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type OrderService, startOrderService } from "./order-service.js";
import { ordersFor } from "./orders.js";
import { fetchAllOrders, postRefund } from "./reference-solution.js";

let service: OrderService;
const { orders, targetId } = ordersFor(7);

beforeEach(async () => {
  service = await startOrderService(orders);
});

afterEach(async () => {
  await service.close();
});

const get = async (pathname: string) => {
  const response = await fetch(new URL(pathname, service.baseUrl));
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
};

describe("orders API", () => {
  it("pages through 18 orders in 4 pages, the target on page 3", async () => {
    const first = await get("/orders?page=1");
    expect(first.body).toMatchObject({ page: 1, pageCount: 4, next: "/orders?page=2" });
    const third = await get("/orders?page=3");
    expect((third.body.orders as { id: string }[]).map((order) => order.id)).toContain(targetId);
    expect((await get("/orders?page=4")).body.next).toBeNull();
    expect(await fetchAllOrders(service.baseUrl)).toHaveLength(18);
  });

  it("refuses bad pages and unknown routes", async () => {
    expect((await get("/orders?page=0")).status).toBe(400);
    expect((await get("/orders?page=two")).status).toBe(400);
    expect((await get("/orders?page=5")).status).toBe(404);
    expect((await get("/customers")).status).toBe(404);
  });

  it("replays a repeated Idempotency-Key without a second refund", async () => {
    const first = await postRefund({ baseUrl: service.baseUrl, orderId: targetId, idempotencyKey: "k1" });
    const again = await postRefund({ baseUrl: service.baseUrl, orderId: targetId, idempotencyKey: "k1" });
    expect(first.status).toBe(201);
    expect(again).toEqual(first);
    expect(service.refunds()).toHaveLength(1);
    expect((await get("/refunds")).body.refunds).toEqual(service.refunds());
  });

  it("refunds twice under two different keys", async () => {
    await postRefund({ baseUrl: service.baseUrl, orderId: targetId, idempotencyKey: "k1" });
    await postRefund({ baseUrl: service.baseUrl, orderId: targetId, idempotencyKey: "k2" });
    expect(service.refunds().map((refund) => refund.orderId)).toEqual([targetId, targetId]);
  });

  it("refuses a missing key, a bad body, an unknown order and a reused key, refunding nothing", async () => {
    const post = (body: string, key?: string) =>
      fetch(new URL("/refunds", service.baseUrl), {
        method: "POST",
        headers: key === undefined ? {} : { "idempotency-key": key },
        body,
      });
    expect((await post(JSON.stringify({ orderId: targetId }))).status).toBe(400);
    expect((await post("{not json", "a")).status).toBe(400);
    expect((await post(JSON.stringify({ order: targetId }), "b")).status).toBe(400);
    expect((await post(JSON.stringify({ orderId: "ord_1" }), "c")).status).toBe(404);
    expect((await post(JSON.stringify({ orderId: targetId }), "c")).status).toBe(422);
    expect(service.refunds()).toEqual([]);
  });

  it("marks the refunded order and leaves the caller's list untouched", async () => {
    await postRefund({ baseUrl: service.baseUrl, orderId: targetId, idempotencyKey: "k" });
    const all = await fetchAllOrders(service.baseUrl);
    expect(all.find((order) => order.id === targetId)?.status).toBe("refunded");
    expect(orders.find((order) => order.id === targetId)?.status).toBe("duplicate-charge");
  });

  it("stops listening on close, and a second close is harmless", async () => {
    await service.close();
    await expect(fetch(new URL("/orders", service.baseUrl))).rejects.toThrow();
    await service.close();
  });
});
