const { chmodSync, mkdtempSync, rmSync } = require("node:fs");
const { tmpdir } = require("node:os");
const { join } = require("node:path");

// Everything a run puts in the temp directory (scratch clusters, bundles,
// synthesized templates, tsx's cache) goes into a folder of its own, removed
// when the run ends: the temp directory is left as it was found. Open to all,
// as /tmp is, for the postgres OS user that runs the clusters as root.
const scratch = mkdtempSync(join(tmpdir(), "bookstore-test-"));
chmodSync(scratch, 0o1777);
process.env.TMPDIR = scratch;
process.on("exit", () => rmSync(scratch, { recursive: true, force: true }));

// The lookups are the local runtime's own (TypeScript), loaded through tsx's
// hook only for that: left on, the hook would resolve modules for jest too.
const unregisterTsx = require("tsx/cjs/api").register();
const binaries = require("./test/harness/src/system-binaries.ts");
unregisterTsx();

/**
 * A system binary some tests need: where it is absent those tests are
 * skipped with one line saying how to get it, except in CI (or when
 * REQUIRE_<NAME>=1), where its absence fails the run.
 */
function optionalBinary(name, find, hint, skipped) {
  const found = find();
  if (found) return found;
  const variable = `REQUIRE_${name.toUpperCase()}`;
  if (process.env.CI || process.env[variable] === "1") {
    throw new Error(`${name} is required (CI or ${variable}=1) but not installed: ${hint}`);
  }
  process.env[`BOOKSTORE_TEST_${name.toUpperCase()}`] = "missing";
  console.warn(`[tests] ${skipped} SKIPPED: ${name} not found; to run them: ${hint}`);
  return undefined;
}

// PgBouncer stands in for RDS Proxy; Chromium runs the docs page test.
const pgbouncer = optionalBinary("pgbouncer", binaries.findPgBouncer, binaries.PGBOUNCER_INSTALL_HINT, "PgBouncer lane and pooler fault tests");
const chromium = optionalBinary("chromium", binaries.findChromium, binaries.CHROMIUM_INSTALL_HINT, "browser tests of /docs");
if (chromium) process.env.BOOKSTORE_TEST_CHROMIUM = chromium;

/** @type {import('ts-jest').TsJestTransformerOptions} */
const tsJest = {
  // Type checking is `npm run typecheck`; here files are only transpiled.
  tsconfig: {
    isolatedModules: true,
    module: "commonjs",
    moduleResolution: "node10",
    target: "ES2022",
    allowJs: true,
    experimentalDecorators: true,
    emitDecoratorMetadata: false,
    useDefineForClassFields: false,
    esModuleInterop: true,
  },
};

const common = {
  testEnvironment: "node",
  // Kept across runs, outside the temp directory.
  cacheDirectory: "<rootDir>/node_modules/.cache/jest",
  transform: { "^.+\\.[tj]s$": ["ts-jest", tsJest] },
  // Published as ES modules only: @middy/core, jose, and the $ref parser of openapi-backend.
  transformIgnorePatterns: ["/node_modules/(?!(@middy|@apidevtools|jose)/)"],
};

// Files that start their own processes and databases, drive the local
// endpoint or a browser: the same whatever lane the API's requests take.
const LANE_INDEPENDENT = [
  "/npm-start\\.test\\.ts$",
  "/startup-failures\\.test\\.ts$",
  "/schema-migrator\\.test\\.ts$",
  "/docs-page\\.browser\\.test\\.ts$",
  "/data-api-endpoint\\.test\\.ts$",
  "/known-server-version\\.test\\.ts$",
  "/timestamp-parsing\\.test\\.ts$",
  "/migration-check\\.test\\.ts$",
  "/migration-generate\\.test\\.ts$",
  "/typeorm-query-awaits\\.test\\.ts$",
  "/previous-release\\.test\\.ts$",
];

// Tests of the dsql lane's own checks, run by that lane alone.
const DSQL_ONLY = "/test/integration/dsql/";

/** The integration suite again, the API's every request taking another way to the database. */
function integrationLane(lane, displayName, alsoIgnored = []) {
  return {
    ...common,
    displayName,
    testMatch: ["<rootDir>/test/integration/**/*.test.ts"],
    testPathIgnorePatterns: [...LANE_INDEPENDENT, ...(lane === "dsql" ? [] : [DSQL_ONLY]), ...alsoIgnored],
    globalSetup: `<rootDir>/test/support/lanes/${lane}-setup.ts`,
    globalTeardown: `<rootDir>/test/support/lanes/${lane}-teardown.ts`,
    setupFilesAfterEnv: [`<rootDir>/test/support/lanes/${lane}-env.ts`],
  };
}

/** @type {import('jest').Config} */
module.exports = {
  projects: [
    {
      ...common,
      displayName: "unit",
      testMatch: ["<rootDir>/{layers,packages,services,schema-migrator,local,bench}/**/test/**/*.test.ts"],
    },
    {
      ...common,
      displayName: "integration",
      testMatch: ["<rootDir>/test/integration/**/*.test.ts"],
      testPathIgnorePatterns: [DSQL_ONLY, ...(chromium ? [] : ["/docs-page\\.browser\\.test\\.ts$"])],
      globalSetup: "<rootDir>/test/support/lanes/direct-setup.ts",
      globalTeardown: "<rootDir>/test/support/lanes/direct-teardown.ts",
      setupFilesAfterEnv: ["<rootDir>/test/support/lanes/direct-env.ts"],
    },
    pgbouncer && integrationLane("pgbouncer", "integration via pgbouncer"),
    // The pg client itself is what round-trips observes: not used over the Data API.
    integrationLane("data-api", "integration via data-api", ["/round-trips\\.test\\.ts$"]),
    // Without foreign keys, a review and a deletion are transactions of several statements.
    integrationLane("dsql", "integration via dsql", ["/round-trips\\.test\\.ts$"]),
    {
      ...common,
      displayName: "infra",
      testMatch: ["<rootDir>/test/infra/**/*.test.ts"],
      globalSetup: "<rootDir>/test/support/infra/synth-setup.ts",
    },
    {
      ...common,
      displayName: "fault",
      testMatch: ["<rootDir>/test/fault/**/*.test.ts"],
      // Pooler tests inside the other files are skipped by describeWithPgBouncer.
      testPathIgnorePatterns: pgbouncer ? [] : ["/burst\\.test\\.ts$"],
      setupFiles: ["<rootDir>/test/support/quiet-logs.ts"],
    },
  ].filter(Boolean),
  testTimeout: 30_000,
};
