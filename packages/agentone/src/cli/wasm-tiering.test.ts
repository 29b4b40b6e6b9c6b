import { describe, expect, it } from "vitest";
import { isLongLivedCommand } from "./wasm-tiering.js";

describe("isLongLivedCommand", () => {
  it("is true for the server only", () => {
    expect(isLongLivedCommand(["serve", "--port", "0"])).toBe(true);
    expect(isLongLivedCommand(["run", "--workspace", "serve"])).toBe(false);
    expect(isLongLivedCommand(["runs"])).toBe(false);
    expect(isLongLivedCommand(["--help"])).toBe(false);
    expect(isLongLivedCommand([])).toBe(false);
  });
});
