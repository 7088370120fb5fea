import { join, resolve } from "node:path";

/** Where the CDK app finds what it deploys. It refers to files, never imports runtime code. */
export const PROJECT_ROOT = resolve(__dirname, "..", "..");

export const projectPaths = {
  root: PROJECT_ROOT,
  lockFile: join(PROJECT_ROOT, "package-lock.json"),
  tsconfig: join(PROJECT_ROOT, "tsconfig.json"),
  tsx: join(PROJECT_ROOT, "node_modules", ".bin", "tsx"),
  layerBuildScript: join(PROJECT_ROOT, "layers", "orm", "scripts", "build-layer.ts"),
  layerSource: join(PROJECT_ROOT, "layers", "orm"),
  staticFunctionNamesScript: join(PROJECT_ROOT, "layers", "orm", "scripts", "static-function-names.ts"),
  compileCacheLoaderScript: join(PROJECT_ROOT, "layers", "orm", "scripts", "compile-cache-loader.ts"),
  openApiScript: join(PROJECT_ROOT, "local", "scripts", "print-openapi.ts"),
  firstRequestsScript: join(PROJECT_ROOT, "local", "scripts", "print-first-requests.ts"),
  booksHandler: join(PROJECT_ROOT, "services", "books", "src", "handler.ts"),
  reviewsHandler: join(PROJECT_ROOT, "services", "reviews", "src", "handler.ts"),
  compileCacheHandler: join(PROJECT_ROOT, "layers", "orm-compile-cache", "src", "publish-handler.ts"),
  migratorHandler: join(PROJECT_ROOT, "schema-migrator", "src", "handler.ts"),
  migrations: join(PROJECT_ROOT, "schema-migrator", "src", "migrations"),
};
