import { targetCustomer } from "./orders.js";

/** The workspace README: the API description with the running service's base URL. */
export function apiReadme(baseUrl: string): string {
  return `# Orders API (support sandbox)

Base URL: ${baseUrl}

All bodies are JSON. Amounts are integer cents.

## GET /orders?page=N

Lists orders, five per page, oldest first. \`page\` starts at 1.

\`\`\`json
{ "page": 1, "pageCount": 4, "orders": [{ "id": "ord_4100", "customer": "...", "status": "paid",
  "amountCents": 12050, "createdAt": "2024-09-02T08:12:00.000Z" }], "next": "/orders?page=2" }
\`\`\`

\`next\` is the path of the next page, or \`null\` on the last page. Statuses: \`paid\`, \`pending\`,
\`refunded\`, \`duplicate-charge\` (the customer was charged twice and is owed a refund).

## POST /refunds

Refunds an order in full. Body: \`{ "orderId": "ord_4100" }\`. The \`Idempotency-Key\` header is
required: a request repeated with the same key returns the first response and refunds nothing more.
A different key is a new refund request, even for the same order. Answers \`201\` with the refund.

## GET /refunds

Lists the refunds issued so far.

## Ticket

${targetCustomer} reports being charged twice. Refund their order with status \`duplicate-charge\`.
`;
}
