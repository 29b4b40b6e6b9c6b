import { defineConfig, mergeConfig } from "vitest/config";
import base from "./vitest.config.js";

// `npm run test:slow`: the exhaustive variants of slow end-to-end paths; the default suite keeps a smoke run.
export default mergeConfig(
  base,
  defineConfig({ test: { include: ["src/**/*.slow.test.ts", "test/**/*.slow.test.ts"], exclude: [] } }),
);
