import { defineConfig } from "vitest/config";
import base from "./vitest.config.js";

// `npm run test:slow`: the exhaustive variants of slow end-to-end paths; the default suite keeps a smoke run.
// Spread rather than mergeConfig: mergeConfig concatenates arrays, which would keep the base's exclusion of
// exactly these files.
export default defineConfig({
  ...base,
  test: {
    ...base.test,
    include: ["packages/*/src/**/*.slow.test.ts", "packages/*/test/**/*.slow.test.ts"],
    exclude: ["examples/**", "**/node_modules/**", "**/dist/**"],
  },
});
