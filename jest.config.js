// The lookup is the local runtime's own (TypeScript), loaded through tsx's
// hook only for that: left on, the hook would resolve modules for jest too.
const unregisterTsx = require("tsx/cjs/api").register();
const { findPgBouncer, PGBOUNCER_INSTALL_HINT } = require("./local/src/find-pgbouncer.ts");
unregisterTsx();

// PgBouncer (the RDS Proxy stand-in) is a system binary: where it is absent
// its lane and the pooler fault tests are skipped, except in CI.
const pgbouncerRequired = Boolean(process.env.CI) || process.env.REQUIRE_PGBOUNCER === "1";
const pgbouncer = findPgBouncer();
if (!pgbouncer) {
  if (pgbouncerRequired) {
    throw new Error(`pgbouncer is required (CI or REQUIRE_PGBOUNCER=1) but not installed: ${PGBOUNCER_INSTALL_HINT}`);
  }
  process.env.BOOKSTORE_TEST_PGBOUNCER = "missing";
  console.warn(`[tests] PgBouncer lane and pooler fault tests SKIPPED: pgbouncer not found; to run them: ${PGBOUNCER_INSTALL_HINT}`);
}

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
  transform: { "^.+\\.[tj]s$": ["ts-jest", tsJest] },
  // Published as ES modules only: @middy/core, and the $ref parser of openapi-backend.
  transformIgnorePatterns: ["/node_modules/(?!(@middy|@apidevtools)/)"],
};

/** @type {import('jest').Config} */
module.exports = {
  projects: [
    {
      ...common,
      displayName: "unit",
      testMatch: ["<rootDir>/{layers,services,schema-migrator,local}/**/test/**/*.test.ts"],
    },
    {
      ...common,
      displayName: "integration",
      testMatch: ["<rootDir>/test/integration/**/*.test.ts"],
      globalSetup: "<rootDir>/test/support/lanes/direct-setup.ts",
      globalTeardown: "<rootDir>/test/support/lanes/direct-teardown.ts",
      setupFilesAfterEnv: ["<rootDir>/test/support/lanes/direct-env.ts"],
    },
    pgbouncer && {
      ...common,
      displayName: "integration via pgbouncer",
      testMatch: ["<rootDir>/test/integration/**/*.test.ts"],
      // These start their own processes and databases rather than use the API's connection.
      testPathIgnorePatterns: ["/npm-start\\.test\\.ts$", "/startup-failures\\.test\\.ts$", "/schema-migrator\\.test\\.ts$"],
      globalSetup: "<rootDir>/test/support/lanes/pgbouncer-setup.ts",
      globalTeardown: "<rootDir>/test/support/lanes/pgbouncer-teardown.ts",
      setupFilesAfterEnv: ["<rootDir>/test/support/lanes/pgbouncer-env.ts"],
    },
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
