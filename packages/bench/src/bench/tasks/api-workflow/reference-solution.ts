import type { Order } from "./orders.js";
import { targetCustomer } from "./orders.js";

interface OrdersPage {
  orders: Order[];
  next: string | null;
}

/** Follows the next links and returns every order. */
export async function fetchAllOrders(baseUrl: string): Promise<Order[]> {
  const orders: Order[] = [];
  let next: string | null = "/orders?page=1";
  while (next !== null) {
    const response = await fetch(new URL(next, baseUrl));
    if (!response.ok) throw new Error(`GET ${next} answered ${response.status}`);
    const page = (await response.json()) as OrdersPage;
    orders.push(...page.orders);
    next = page.next;
  }
  return orders;
}

/** Posts one refund request with the given Idempotency-Key. */
export async function postRefund(options: {
  baseUrl: string;
  orderId: string;
  idempotencyKey: string;
}): Promise<{ status: number; body: unknown }> {
  const response = await fetch(new URL("/refunds", options.baseUrl), {
    method: "POST",
    headers: { "content-type": "application/json", "idempotency-key": options.idempotencyKey },
    body: JSON.stringify({ orderId: options.orderId }),
  });
  return { status: response.status, body: await response.json() };
}

/** Finds the target customer's duplicate charge and refunds it once (retrying with the same key is safe). */
export async function solveApiWorkflow(baseUrl: string): Promise<{ answer: string }> {
  const orders = await fetchAllOrders(baseUrl);
  const target = orders.find(
    (order) => order.customer === targetCustomer && order.status === "duplicate-charge",
  );
  if (target === undefined) throw new Error("no duplicate charge for the target customer");
  const idempotencyKey = `refund-${target.id}`;
  const first = await postRefund({ baseUrl, orderId: target.id, idempotencyKey });
  // A client that lost the first response retries with the same key: no second refund.
  await postRefund({ baseUrl, orderId: target.id, idempotencyKey });
  if (first.status !== 201) throw new Error(`refund answered ${first.status}`);
  return { answer: `Refunded ${target.id} (${targetCustomer}, duplicate charge).` };
}
