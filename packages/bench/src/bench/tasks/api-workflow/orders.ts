import { createRandom } from "agentone";

export type OrderStatus = "paid" | "refunded" | "pending" | "duplicate-charge";

export interface Order {
  id: string;
  customer: string;
  status: OrderStatus;
  amountCents: number;
  createdAt: string;
}

export const pageSize = 5;
export const targetCustomer = "Northwind Traders";

// Pages of five: the target (customer and status) goes on page 3; the traps are a duplicate charge of
// another customer on page 1, of a look-alike customer on page 2, and the target customer's other orders.
const template: readonly [string, OrderStatus][] = [
  ["Harbor Supply Co.", "paid"],
  ["Lumen Studio", "duplicate-charge"],
  [targetCustomer, "paid"],
  ["Pine & Oak", "pending"],
  ["Harbor Supply Co.", "refunded"],
  ["Lumen Studio", "paid"],
  ["Northwind Trading", "duplicate-charge"],
  [targetCustomer, "refunded"],
  ["Pine & Oak", "paid"],
  ["Harbor Supply Co.", "paid"],
  ["Lumen Studio", "pending"],
  ["Pine & Oak", "paid"],
  [targetCustomer, "paid"],
  ["Harbor Supply Co.", "paid"],
  [targetCustomer, "pending"],
  ["Lumen Studio", "paid"],
  ["Pine & Oak", "refunded"],
];

/** The orders for a seed (ids, amounts and the target's place on page 3 vary) and the target's id. */
export function ordersFor(seed: number): { orders: Order[]; targetId: string } {
  const random = createRandom(seed).fork("api-workflow/orders");
  const firstId = 4100 + random.integer(0, 800);
  const rows = [...template];
  rows.splice(2 * pageSize + random.integer(0, pageSize - 1), 0, [targetCustomer, "duplicate-charge"]);
  const start = Date.UTC(2024, 8, 2, 8, 0, 0);
  const orders = rows.map(([customer, status], index) => ({
    id: `ord_${firstId + index}`,
    customer,
    status,
    amountCents: random.integer(15, 400) * 100 + random.pick([0, 50, 99]),
    createdAt: new Date(start + index * 5_400_000 + random.integer(0, 3_000_000)).toISOString(),
  }));
  const target = orders.find(
    (order) => order.customer === targetCustomer && order.status === "duplicate-charge",
  );
  if (target === undefined) throw new Error("the order template lost its target");
  return { orders, targetId: target.id };
}
