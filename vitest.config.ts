import { defineConfig } from "vitest/config";

// The packages import each other by name; the "@agentone/source" export condition resolves those imports
// to their TypeScript source, so tests run without a build (and every package shares one copy of each
// module). Not plain "source": some dependencies (eventsource-parser) publish a "source" condition that
// points at TypeScript files they do not ship compiled for Node. The rest are Vite's default server
// conditions, which setting `conditions` replaces.
const conditions = ["@agentone/source", "module", "node", "development|production"];

export default defineConfig({
  resolve: { conditions },
  ssr: { resolve: { conditions } },
  test: {
    include: ["packages/*/src/**/*.test.ts", "packages/*/test/**/*.test.ts"],
    // Exhaustive variants of slow end-to-end paths run with `npm run test:slow` (vitest.slow.config.ts).
    exclude: ["examples/**", "**/node_modules/**", "**/dist/**", "**/*.slow.test.ts"],
    globalSetup: ["packages/agentone/test/global-setup.ts"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Three workers on two cores: a third of the suite's time is spent waiting on child processes
    // (the CLI, the server) and on PostgreSQL, which a third worker fills; more would only compete.
    maxWorkers: 3,
    // Test files share their worker's modules: each file would otherwise import the runtime afresh and
    // build its own migrated PGlite template (seconds each), which took over half of the suite's time.
    // The code under test keeps no module state (dependencies are passed in), and tests restore their spies.
    isolate: false,
  },
});
