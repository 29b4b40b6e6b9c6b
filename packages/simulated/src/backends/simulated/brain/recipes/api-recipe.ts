import { type Action, answerMove, callAction, plainMove, type Recipe } from "../action.js";
import type { ConversationView } from "../conversation-view.js";
import { knownContent } from "../workspace-knowledge.js";
import {
  type ApiDescription,
  describeApi,
  type HttpExchange,
  httpExchanges,
  itemId,
  matchScore,
  pageOf,
  succeeded,
} from "./api-pages.js";
import { listMove } from "./explore-recipe.js";
import { readMove } from "./read-move.js";

function readmeOf(view: ConversationView): string | undefined {
  return (
    view.listedFiles.find((path) => /^readme\.md$/i.test(path)) ??
    view.listedFiles.find((path) => /\.md$/i.test(path))
  );
}

function absolute(api: ApiDescription, path: string): string {
  return new URL(path, api.baseUrl ?? "http://invalid").href;
}

/** The pages fetched so far, and the next page to fetch (null once the last page says `next: null`). */
function pages(
  view: ConversationView,
  api: ApiDescription,
): { items: Record<string, unknown>[]; next: string | null } {
  const fetched = httpExchanges(view).filter((exchange) => exchange.method === "GET" && succeeded(exchange));
  const items: Record<string, unknown>[] = [];
  const seen = new Set(fetched.map((exchange) => exchange.url));
  let next: string | null = api.listPath ? absolute(api, api.listPath) : null;
  for (const exchange of fetched) {
    const page = pageOf(exchange.body);
    items.push(...page.items);
  }
  while (next !== null && seen.has(next)) {
    const url: string = next;
    const page = pageOf(fetched.find((exchange) => exchange.url === url)?.body ?? null);
    next = page.next === null ? null : absolute(api, page.next);
  }
  return { items, next };
}

/** Items ranked by how well they match the ticket, best first; ties keep the API's order. */
function candidates(items: readonly Record<string, unknown>[], goal: string): Record<string, unknown>[] {
  const unique = [...new Map(items.map((item) => [itemId(item) ?? JSON.stringify(item), item])).values()];
  return unique
    .map((item, order) => ({ item, order, score: matchScore(item, goal) }))
    .filter((entry) => entry.score > 0)
    .sort((left, right) => right.score - left.score || left.order - right.order)
    .map((entry) => entry.item);
}

function writeAction(api: ApiDescription, body: Record<string, unknown>): Action {
  return callAction(
    [
      {
        name: "http_request",
        arguments: { method: api.writeMethod, url: absolute(api, api.writePath ?? "/"), body },
      },
    ],
    `Sending ${api.writeMethod} ${api.writePath} for ${String(Object.values(body)[0])}.`,
  );
}

function bodyFor(api: ApiDescription, item: Record<string, unknown>): Record<string, unknown> {
  return { [api.bodyKey ?? "id"]: itemId(item) };
}

function writes(view: ConversationView): HttpExchange[] {
  return httpExchanges(view).filter((exchange) => exchange.method !== "GET" && exchange.method !== "HEAD");
}

/**
 * Working a ticket through an HTTP API: read the API's README, follow the list's `next` links to the last
 * page, pick the item that matches the ticket on every field the goal names, send one write request for it
 * (the tool adds the Idempotency-Key), and answer with its id.
 */
export const apiRecipe: Recipe = {
  name: "api-workflow",
  plan: () => [
    "Read the README for the API's endpoints.",
    "Fetch every page of the list, following next links.",
    "Pick the item that matches the ticket exactly and send one request for it.",
    "Answer with the item's id.",
  ],
  next(view, behaviour) {
    const listing = listMove(view);
    if (listing) return listing;
    const readme = readmeOf(view);
    const text = readme ? knownContent(view, readme) : null;
    if (readme && text === null) return readMove(view, [readme], behaviour.parallelCalls) ?? answerMove;
    const api = describeApi(text ?? "", view.goal);
    if (!api.baseUrl || !api.listPath) return answerMove;
    const sent = writes(view);
    if (sent.some(succeeded)) {
      const done = sent.find(succeeded);
      const id = done ? JSON.stringify(done.body) : "";
      const original = candidates(pages(view, api).items, view.goal).find((item) =>
        id.includes(itemId(item) ?? "\u0000"),
      );
      return {
        intended: answerMove.intended,
        mistakes: original
          ? {
              duplicate_side_effect: writeAction(api, {
                ...bodyFor(api, original),
                reason: "duplicate charge",
              }),
            }
          : {},
      };
    }
    // A write the server answered with an error, or one that may have gone through, is not sent again blindly.
    if (
      sent.some((exchange) => !exchange.isError || !/not valid JSON|invalid arguments/.test(exchange.error))
    )
      return answerMove;
    const { items, next } = pages(view, api);
    const ranked = candidates(items, view.goal);
    if (next !== null) {
      const fetch = plainMove(
        callAction([{ name: "http_request", arguments: { method: "GET", url: next } }], `Fetching ${next}.`),
      );
      return ranked[0]
        ? { ...fetch, mistakes: { premature_answer: writeAction(api, bodyFor(api, ranked[0])) } }
        : fetch;
    }
    const [target, runnerUp] = ranked;
    if (!target) return answerMove;
    return {
      intended: writeAction(api, bodyFor(api, target)),
      mistakes: runnerUp ? { wrong_edit: writeAction(api, bodyFor(api, runnerUp)) } : {},
    };
  },
  answer(view, options) {
    const done = writes(view).find(succeeded);
    if (done) {
      const body = done.body as Record<string, unknown> | null;
      const id = body
        ? String(
            Object.entries(body).find(([key]) => /order|item|target/i.test(key))?.[1] ?? itemId(body) ?? "",
          )
        : "";
      return `Done: ${done.method} ${done.url} answered ${done.status} for ${id}.\nResponse: ${JSON.stringify(done.body)}`;
    }
    const failed = writes(view).at(-1);
    if (options.premature) return "I stopped before reading every page, so I sent no request.";
    return failed
      ? `The request did not succeed (${failed.status ?? failed.error.slice(0, 120)}); nothing was changed as far as I can tell.`
      : "I did not find an item matching the ticket, so I sent no request.";
  },
};
