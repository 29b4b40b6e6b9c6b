import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["src/**/*.test.ts", "test/**/*.test.ts"],
    // Exhaustive variants of slow end-to-end paths run with `npm run test:slow` (vitest.slow.config.ts).
    exclude: ["examples/**", "node_modules/**", "dist/**", "**/*.slow.test.ts"],
    globalSetup: ["test/global-setup.ts"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Two cores: keep PGlite instances from competing for them.
    maxWorkers: 2,
  },
});
