import { describe, expect, it } from "vitest";
import { ifNotAllowedFor } from "./if-not-allowed.js";

describe("what an external run's caller does when refused", () => {
  it("follows the termination policy of the run's onExhaust order", () => {
    const of = (onExhaust: string[]) => ifNotAllowedFor({ onExhaust, kind: "act", limitedBy: "tokens" });
    expect(of(["summarize"])).toBe("summarize");
    expect(of(["ask-human"])).toBe("ask-human");
    expect(of(["hard-stop"])).toBe("stop");
    expect(of(["best-effort"])).toBe("stop");
    // `degrade` helps only when dollars are what ran out.
    expect(of(["degrade", "ask-human"])).toBe("ask-human");
  });

  it("degrades when dollars ran out and the run lists degrade", () => {
    expect(ifNotAllowedFor({ onExhaust: ["degrade", "hard-stop"], kind: "act", limitedBy: "usd" })).toBe(
      "degrade",
    );
    expect(ifNotAllowedFor({ onExhaust: ["hard-stop"], kind: "act", limitedBy: "usd" })).toBe("stop");
  });

  it("stops when the summary itself is refused, or after a usage anomaly", () => {
    expect(ifNotAllowedFor({ onExhaust: ["summarize"], kind: "summarize" })).toBe("stop");
    expect(ifNotAllowedFor({ onExhaust: ["ask-human"], kind: "act", reason: "usage_anomaly" })).toBe("stop");
  });
});
