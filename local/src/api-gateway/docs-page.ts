import { readFileSync } from "node:fs";
import { join } from "node:path";

// Swagger UI's own files, from node_modules: the page works offline and
// loads nothing from another origin.
const ASSETS: Record<string, string> = {
  "swagger-ui.css": "text/css; charset=utf-8",
  "swagger-ui-bundle.js": "text/javascript; charset=utf-8",
  "swagger-ui-standalone-preset.js": "text/javascript; charset=utf-8",
  "favicon-32x32.png": "image/png",
};

const PAGE = `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>Bookstore API</title>
  <link rel="stylesheet" href="/docs/swagger-ui.css">
  <link rel="icon" type="image/png" href="/docs/favicon-32x32.png">
</head>
<body>
  <div id="swagger-ui"></div>
  <script src="/docs/swagger-ui-bundle.js"></script>
  <script src="/docs/swagger-ui-standalone-preset.js"></script>
  <script src="/docs/init.js"></script>
</body>
</html>
`;

// "Try it out" sends requests to the document's own origin: this server.
const INIT = `window.ui = SwaggerUIBundle({
  url: "/openapi.json",
  dom_id: "#swagger-ui",
  deepLinking: true,
  presets: [SwaggerUIBundle.presets.apis, SwaggerUIStandalonePreset],
  layout: "StandaloneLayout",
});
`;

export interface DocsFile {
  contentType: string;
  body: Buffer | string;
}

function assetsFolder(): string {
  return (require("swagger-ui-dist") as { getAbsoluteFSPath(): string }).getAbsoluteFSPath();
}

/** The interactive API reference at /docs and its assets at /docs/<file>, or undefined for any other path. */
export function docsFile(path: string): DocsFile | undefined {
  if (path === "/docs" || path === "/docs/") return { contentType: "text/html; charset=utf-8", body: PAGE };
  if (path === "/docs/init.js") return { contentType: "text/javascript; charset=utf-8", body: INIT };
  const name = path.startsWith("/docs/") ? path.slice("/docs/".length) : undefined;
  const contentType = name === undefined ? undefined : ASSETS[name];
  if (name === undefined || contentType === undefined) return undefined;
  return { contentType, body: readFileSync(join(assetsFolder(), name)) };
}
