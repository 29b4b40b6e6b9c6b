import type { ConversationView, PastCall } from "../conversation-view.js";

/** An HTTP response as the http_request tool shows it: status and parsed JSON body (null if not JSON). */
export interface HttpExchange {
  index: number;
  method: string;
  url: string;
  status: number | null;
  body: unknown;
  isError: boolean;
  error: string;
}

function parseBody(result: string): unknown {
  const start = result.indexOf("\n\n");
  if (start < 0) return null;
  try {
    return JSON.parse(result.slice(start + 2)) as unknown;
  } catch {
    return null;
  }
}

/** Every http_request call so far, oldest first. */
export function httpExchanges(view: ConversationView): HttpExchange[] {
  return view.calls.flatMap((call: PastCall, index) =>
    call.name === "http_request"
      ? [
          {
            index,
            method: String(call.arguments?.method ?? ""),
            url: String(call.arguments?.url ?? ""),
            status: call.isError ? null : Number(/^HTTP (\d{3})/.exec(call.result)?.[1] ?? Number.NaN),
            body: call.isError ? null : parseBody(call.result),
            isError: call.isError,
            error: call.isError ? call.result : "",
          },
        ]
      : [],
  );
}

export const succeeded = (exchange: HttpExchange) =>
  exchange.status !== null && exchange.status >= 200 && exchange.status < 300;

/** The list in a page body (its first array of objects) and its `next` link. */
export function pageOf(body: unknown): { items: Record<string, unknown>[]; next: string | null } {
  if (body === null || typeof body !== "object") return { items: [], next: null };
  const record = body as Record<string, unknown>;
  const list = Object.values(record).find(
    (value): value is Record<string, unknown>[] =>
      Array.isArray(value) && value.every((item) => item !== null && typeof item === "object"),
  );
  const next = typeof record.next === "string" ? record.next : null;
  return { items: list ?? [], next };
}

/** The API's description from its README: base URL, the paginated list, and the write endpoint. */
export interface ApiDescription {
  baseUrl: string | null;
  listPath: string | null;
  writePath: string | null;
  writeMethod: string;
  /** The body key the write endpoint's example uses (e.g. `orderId`). */
  bodyKey: string | null;
}

/** Reads the endpoints from `## METHOD /path` headings and the write endpoint's JSON example. */
export function describeApi(readme: string, goal: string): ApiDescription {
  const found =
    /https?:\/\/[\w.:-]+/.exec(goal)?.[0] ?? /Base URL:\s*(https?:\/\/[\w.:-]+)/.exec(readme)?.[1];
  // A URL at the end of a sentence leaves the sentence's full stop out.
  const baseUrl = found?.replace(/[.:]+$/, "") ?? null;
  const sections = [...readme.matchAll(/^#+\s*(GET|POST|PUT|PATCH|DELETE)\s+(\S+)\s*$/gm)].map((match) => ({
    method: match[1] ?? "",
    path: match[2] ?? "",
    at: match.index ?? 0,
  }));
  const list =
    sections.find((section) => section.method === "GET" && /page/i.test(section.path)) ??
    sections.find((section) => section.method === "GET");
  const write = sections.find((section) => section.method !== "GET");
  const writeText = write
    ? readme.slice(write.at, sections.find((section) => section.at > write.at)?.at)
    : "";
  return {
    baseUrl,
    listPath: list ? list.path.replace(/=N\b|=\{?\w*\}?$/, "=1") : null,
    writePath: write?.path ?? null,
    writeMethod: write?.method ?? "POST",
    bodyKey: /\{\s*"(\w+)"\s*:/.exec(writeText)?.[1] ?? null,
  };
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/**
 * How well an item matches the goal: a field value the goal names with its field (`status "x"`) counts 2,
 * a quoted value 1.5, a value that merely appears as words 1 (so "the refunded order's id" does not outweigh
 * `status "duplicate-charge"`).
 */
export function matchScore(item: Record<string, unknown>, goal: string): number {
  let score = 0;
  for (const [field, value] of Object.entries(item)) {
    if (typeof value !== "string" || value.length < 4) continue;
    const text = escapeRegExp(value);
    if (new RegExp(`\\b${escapeRegExp(field)}\\s*[:=]?\\s*["'\`]${text}["'\`]`, "i").test(goal)) score += 2;
    else if (new RegExp(`["'\`]${text}["'\`]`).test(goal)) score += 1.5;
    else if (new RegExp(`(?<![\\w-])${text}(?![\\w-])`).test(goal)) score += 1;
  }
  return score;
}

/** The item's identifier: its `id`, or the first field whose name ends in `Id`. */
export function itemId(item: Record<string, unknown>): string | null {
  const key = "id" in item ? "id" : Object.keys(item).find((name) => /Id$/.test(name));
  const value = key ? item[key] : undefined;
  return typeof value === "string" || typeof value === "number" ? String(value) : null;
}
