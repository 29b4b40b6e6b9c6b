import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import type { OpenAPIHono } from "@hono/zod-openapi";
import { NotFoundError } from "../../core/errors/index.js";
import type { ServerEnvironment } from "../server-context.js";
import { packageVersionOf } from "../server-version.js";

/** The files of swagger-ui-dist the page loads, and their content types; nothing else is served. */
const assets: Record<string, string> = {
  "swagger-ui.css": "text/css; charset=utf-8",
  "swagger-ui-bundle.js": "text/javascript; charset=utf-8",
  "swagger-ui-standalone-preset.js": "text/javascript; charset=utf-8",
  "favicon-32x32.png": "image/png",
};

const page = `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>AgentOne API</title>
  <link rel="stylesheet" href="/docs/swagger-ui.css">
  <link rel="icon" type="image/png" href="/docs/favicon-32x32.png">
</head>
<body>
  <div id="swagger-ui"></div>
  <script src="/docs/swagger-ui-bundle.js"></script>
  <script src="/docs/swagger-ui-standalone-preset.js"></script>
  <script>
    window.ui = SwaggerUIBundle({ url: "/openapi.json", dom_id: "#swagger-ui",
      presets: [SwaggerUIBundle.presets.apis, SwaggerUIStandalonePreset], layout: "StandaloneLayout" });
  </script>
</body>
</html>
`;

/** The folder of the installed swagger-ui-dist package: the reference is served from it, never a CDN. */
function swaggerUiFolder(): string {
  return dirname(createRequire(import.meta.url).resolve("swagger-ui-dist/package.json"));
}

/**
 * `GET /openapi.json` (the document generated from the routes' zod schemas) and `GET /docs`, an
 * interactive reference (Swagger UI) served from the installed `swagger-ui-dist` package.
 */
export function registerDocsRoutes(app: OpenAPIHono<ServerEnvironment>): void {
  app.doc31("/openapi.json", {
    openapi: "3.1.0",
    info: {
      title: "AgentOne API",
      version: packageVersionOf(),
      description:
        "Runs agent tasks under enforced budgets. Versioned under /v1: within a version, changes are additive only.",
    },
  });
  app.get("/docs", (c) => c.html(page));
  app.get("/docs/:asset", async (c) => {
    const asset = c.req.param("asset");
    const type = assets[asset];
    if (type === undefined) throw new NotFoundError("document", asset);
    const body = await readFile(join(swaggerUiFolder(), asset));
    return c.body(body, 200, { "content-type": type, "cache-control": "public, max-age=86400" });
  });
}
