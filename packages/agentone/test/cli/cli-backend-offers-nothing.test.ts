import { describe, expect, it } from "vitest";
import { cliHarness } from "../support/cli-harness.js";

describe("a configured backend that offers nothing", () => {
  it("stops the run at start instead of quietly using the simulated models", async () => {
    const cli = await cliHarness({ OLLAMA_HOST: "http://127.0.0.1:1" });
    try {
      const result = await cli.run("run", "goal", "--workspace", "examples/ci-failure");
      expect(result.code).toBe(2);
      expect(result.stderr).toMatch(
        /no model is available from the configured backends \(ollama: http:\/\/127\.0\.0\.1:1\/api\/tags could not be reached/,
      );
      expect((await cli.run("runs")).stdout).toBe("No runs yet.\n");
    } finally {
      await cli.cleanup();
    }
  });
});
