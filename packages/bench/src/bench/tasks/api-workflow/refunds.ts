import { errorReply, type JsonResponse } from "./http-json.js";
import type { Order } from "./orders.js";

export interface Refund {
  refundId: string;
  orderId: string;
  amountCents: number;
  status: "succeeded";
}

/**
 * The service's refund state. An Idempotency-Key replays its first response (no second refund); reusing a
 * key for a different request is refused; different keys always create new refunds, even for one order.
 */
export class RefundLedger {
  readonly #orders: Map<string, Order>;
  readonly #refunds: Refund[] = [];
  readonly #byKey = new Map<string, { requestBody: string; reply: JsonResponse }>();

  constructor(orders: readonly Order[]) {
    this.#orders = new Map(orders.map((order) => [order.id, order]));
  }

  refunds(): readonly Refund[] {
    return this.#refunds.map((refund) => ({ ...refund }));
  }

  create(options: { idempotencyKey: string | undefined; body: string }): JsonResponse {
    const key = options.idempotencyKey?.trim();
    if (!key) return errorReply(400, "the Idempotency-Key header is required");
    let orderId: unknown;
    try {
      orderId = (JSON.parse(options.body) as { orderId?: unknown } | null)?.orderId;
    } catch {
      return errorReply(400, 'the body must be JSON like {"orderId": "ord_123"}');
    }
    if (typeof orderId !== "string")
      return errorReply(400, 'the body must be JSON like {"orderId": "ord_123"}');
    const requestBody = JSON.stringify({ orderId });
    const seen = this.#byKey.get(key);
    if (seen !== undefined) {
      if (seen.requestBody === requestBody) return seen.reply;
      return errorReply(422, "this Idempotency-Key was already used for a different request");
    }
    const reply = this.#refund(orderId);
    this.#byKey.set(key, { requestBody, reply });
    return reply;
  }

  #refund(orderId: string): JsonResponse {
    const order = this.#orders.get(orderId);
    if (order === undefined) return errorReply(404, `no order ${orderId}`);
    const refund: Refund = {
      refundId: `re_${String(this.#refunds.length + 1).padStart(4, "0")}`,
      orderId,
      amountCents: order.amountCents,
      status: "succeeded",
    };
    this.#refunds.push(refund);
    order.status = "refunded";
    return { status: 201, body: refund };
  }
}
