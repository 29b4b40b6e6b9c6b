import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import { errorReply, type JsonResponse, readBody, sendJson } from "./http-json.js";
import { type Order, pageSize } from "./orders.js";
import { type Refund, RefundLedger } from "./refunds.js";

/** The running orders API: its address, its refund state for the grader, and a way to stop it. */
export interface OrderService {
  baseUrl: string;
  refunds(): readonly Refund[];
  close(): Promise<void>;
}

function listOrders(orders: readonly Order[], url: URL): JsonResponse {
  const pageCount = Math.ceil(orders.length / pageSize);
  const pageText = url.searchParams.get("page") ?? "1";
  const page = /^\d+$/.test(pageText) ? Number(pageText) : Number.NaN;
  if (!Number.isSafeInteger(page) || page < 1) return errorReply(400, "page must be a positive integer");
  if (page > pageCount) return errorReply(404, `there are only ${pageCount} pages`);
  return {
    status: 200,
    body: {
      page,
      pageCount,
      orders: orders.slice((page - 1) * pageSize, page * pageSize),
      next: page < pageCount ? `/orders?page=${page + 1}` : null,
    },
  };
}

async function route(
  request: IncomingMessage,
  state: { orders: readonly Order[]; ledger: RefundLedger },
): Promise<JsonResponse> {
  const url = new URL(request.url ?? "/", "http://127.0.0.1");
  if (request.method === "GET" && url.pathname === "/orders") return listOrders(state.orders, url);
  if (request.method === "GET" && url.pathname === "/refunds") {
    return { status: 200, body: { refunds: state.ledger.refunds() } };
  }
  if (request.method === "POST" && url.pathname === "/refunds") {
    const body = await readBody(request);
    if (body === null) return errorReply(413, "the body is too large");
    const header = request.headers["idempotency-key"];
    return state.ledger.create({ idempotencyKey: Array.isArray(header) ? header[0] : header, body });
  }
  return errorReply(404, `no route ${request.method} ${url.pathname}`);
}

/**
 * Starts the orders API on 127.0.0.1 at a free port: `GET /orders?page=N` (paginated, with a `next`
 * link), `POST /refunds` (JSON `{orderId}` and an `Idempotency-Key` header) and `GET /refunds`.
 *
 * @example
 * ```ts
 * const service = await startOrderService(ordersFor(0).orders);
 * await fetch(`${service.baseUrl}/orders?page=1`);
 * await service.close();
 * ```
 */
export async function startOrderService(orders: readonly Order[]): Promise<OrderService> {
  // Copies: a refund marks its order refunded, and the caller's list must stay as generated.
  const copies = orders.map((order) => ({ ...order }));
  const state = { orders: copies, ledger: new RefundLedger(copies) };
  const server = createServer((request, response) => {
    route(request, state).then(
      (reply) => sendJson(response, reply),
      () => sendJson(response, errorReply(500, "internal error")),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  let closed: Promise<void> | undefined;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    refunds: () => state.ledger.refunds(),
    close() {
      closed ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      return closed;
    },
  };
}
