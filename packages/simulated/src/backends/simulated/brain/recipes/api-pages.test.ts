import { describe, expect, it } from "vitest";
import { describeApi, itemId, matchScore, pageOf } from "./api-pages.js";

const readme = [
  "# Shop API",
  "Base URL: http://127.0.0.1:9000",
  "## GET /items?page=N",
  "Lists items.",
  "## POST /returns",
  'Body: `{ "itemId": "it_1" }`.',
].join("\n");

describe("api pages", () => {
  it("reads the list and write endpoints and the write body's key from the README", () => {
    expect(describeApi(readme, "Ticket for the shop API at http://127.0.0.1:9100.")).toEqual({
      baseUrl: "http://127.0.0.1:9100",
      listPath: "/items?page=1",
      writePath: "/returns",
      writeMethod: "POST",
      bodyKey: "itemId",
    });
  });

  it("takes a page's items and next link", () => {
    expect(pageOf({ page: 1, items: [{ id: "a" }], next: "/items?page=2" })).toEqual({
      items: [{ id: "a" }],
      next: "/items?page=2",
    });
    expect(pageOf(null)).toEqual({ items: [], next: null });
    expect(itemId({ itemId: "it_3", name: "x" })).toBe("it_3");
  });

  it("scores a field named with its quoted value above a word that merely appears", () => {
    const goal =
      'Ada Lovelace was charged twice: refund her item with status "double" and answer with the refunded id.';
    const target = { id: "1", customer: "Ada Lovelace", status: "double" };
    const decoy = { id: "2", customer: "Ada Lovelace", status: "refunded" };
    const lookalike = { id: "3", customer: "Ada Lovelace Ltd", status: "double" };
    expect(matchScore(target, goal)).toBe(3);
    expect(matchScore(decoy, goal)).toBe(2);
    expect(matchScore(lookalike, goal)).toBe(2);
  });
});
