import { dataApiEnvironment, emulateDsql, invocationEvent, startLocalDataApi, type PostgresCluster } from "@bookstore/local";
import { dsqlStartupViolations, MIGRATIONS } from "@bookstore/schema-migrator";
import { readdirSync, readFileSync } from "node:fs";
import { SourceMap } from "node:module";
import { decode } from "@jridgewell/sourcemap-codec";
import { Client } from "pg";
import { StartupRecorder } from "../support/startup-recorder";
import { aBook, aReview, createScratchDatabase, LAMBDA_SEGMENT_ID, lambdaNode, lambdaTraceEnvironment, type ScratchDatabase, startScratchPostgres, XRayDaemon } from "@bookstore/test-harness";
import { execFileSync, fork, type ChildProcess } from "node:child_process";
import { join } from "node:path";
import { IamAuthProxy } from "../support/iam-auth-proxy";
import { checkRdsIamToken } from "../support/rds-iam-token";
import { assetDir, logicalIdAt } from "../support/infra/cloud-assembly";
import { SecretsManagerEndpoint } from "../support/secrets-manager-endpoint";
import { LAZY_PACKAGES } from "@bookstore/orm/layer-packages";
import { eagerModuleBodies } from "../../layers/orm/scripts/eager-module-bodies";
import { staticFunctionNames } from "../../layers/orm/scripts/static-function-names";

/**
 * The artifacts `cdk deploy` would upload, run as Lambda runs them: each
 * function bundle in a plain Node.js process, the ORM layer on the module
 * path, against a real PostgreSQL. The layer is a slimmed build of its own,
 * so this is where a piece it leaves out would show.
 */
const layerModules = () => join(assetDir(logicalIdAt("BookstoreSchema/OrmLayer/Layer/Resource")), "nodejs", "node_modules");
const bundle = (path: string) => join(assetDir(logicalIdAt(`${path.startsWith("SchemaMigrator") ? "BookstoreSchema" : "BookstoreApi"}/${path}/Function/Resource`)), "index.js");

interface Deployed {
  /** Node.js's own modules that loading the bundle (and the layer) loaded. */
  builtinsLoaded: string[];
  /** The same, counted now: what the invocations so far loaded too. */
  builtinsLoadedSoFar(): Promise<string[]>;
  invoke(event: object): Promise<{ statusCode?: number; headers?: Record<string, string>; body?: string } & Record<string, unknown>>;
  /** Bytes per invocation that warm invocations of `event` leave in the old generation (needs --expose-gc). */
  oldGenerationGrowth(event: object, invocations: number): Promise<number>;
  /** The layer's on-demand module files loaded so far. */
  onDemandModulesLoaded(): Promise<string[]>;
  /** How many times a function was given a name with Object.defineProperty since the process started. */
  functionsRenamed(): Promise<number>;
  /** How many distinct lists of own properties the columns of the layer's DataSource have. */
  columnShapes(): Promise<number>;
  /** From now on, count the layer's TypeORM building a statement's select list or joins afresh. */
  countStatementParts(): Promise<void>;
  statementPartsBuilt(): Promise<{ select: number; join: number }>;
  rowShapesKept(): Promise<boolean>;
  /** Calls of Buffer's checked integer reads and of its toString while the layer's pg reads a small result, by method. */
  bufferMethodCalls(): Promise<Record<string, number>>;
  stop(): void;
}

function startDeployed(path: string, env: Record<string, string>, execArgv: string[] = [], execPath = process.execPath): Promise<Deployed> {
  const child: ChildProcess = fork(join(__dirname, "..", "support", "infra", "invoke-deployed.js"), {
    cwd: "/",
    execPath,
    env: { PATH: process.env.PATH, NODE_PATH: layerModules(), BUNDLE: bundle(path), POWERTOOLS_LOG_LEVEL: "SILENT", ...env },
    execArgv,
    stdio: ["ignore", "ignore", "inherit", "ipc"],
  });
  const ask = <T>(message: object): Promise<T> =>
    new Promise((done, fail) => {
      child.once("message", (reply: { ok: boolean; result?: T; error?: string }) => (reply.ok ? done(reply.result as T) : fail(new Error(reply.error))));
      child.send(message);
    });
  return new Promise((resolve) => {
    child.once("message", ({ builtinsLoaded }: { builtinsLoaded: string[] }) =>
      resolve({
        builtinsLoaded,
        invoke: (event) => ask({ event }),
        oldGenerationGrowth: (event, invocations) => ask({ oldGenerationGrowth: { event, invocations } }),
        onDemandModulesLoaded: () => ask({ onDemandModulesLoaded: true }),
        functionsRenamed: () => ask({ functionsRenamed: true }),
        columnShapes: () => ask({ columnShapes: true }),
        countStatementParts: () => ask({ countStatementParts: true }),
        statementPartsBuilt: () => ask({ statementPartsBuilt: true }),
        rowShapesKept: () => ask({ rowShapesKept: true }),
        bufferMethodCalls: () => ask({ bufferMethodCalls: true }),
        builtinsLoadedSoFar: () => ask({ builtinsLoadedSoFar: true }),
        stop: () => child.kill(),
      }),
    );
  });
}

/** The sources a built file's source map maps some of its code to. */
function sourcesMappedIn(file: string): string[] {
  const map = JSON.parse(readFileSync(`${file}.map`, "utf8")) as { sources: string[]; mappings: string };
  const used = new Set(decode(map.mappings).flatMap((segments) => segments.flatMap((segment) => (segment.length > 1 ? [segment[1] as number] : []))));
  return [...used].map((index) => map.sources[index] as string);
}

/** Where a built file's source map says `text`, written once in it, comes from. */
function originalOf(file: string, text: string): { originalSource: string; originalLine: number } {
  const code = readFileSync(file, "utf8");
  const at = code.indexOf(text);
  const line = code.slice(0, at).split("\n").length - 1;
  const column = at - (code.lastIndexOf("\n", at) + 1);
  return new SourceMap(JSON.parse(readFileSync(`${file}.map`, "utf8"))).findEntry(line, column) as { originalSource: string; originalLine: number };
}

function event(method: string, url: string, body?: unknown, headers?: Record<string, string>) {
  return invocationEvent({ method, url, body, headers, requestId: "deployed-test" });
}

let cluster: PostgresCluster | undefined;
let database: ScratchDatabase;
const started: Deployed[] = [];

beforeAll(async () => {
  cluster = process.env.DATABASE_URL ? undefined : await startScratchPostgres();
  database = await createScratchDatabase(process.env.DATABASE_URL ?? (cluster as PostgresCluster).url(), { migrated: false });
}, 60_000);
afterAll(async () => {
  for (const deployed of started) deployed.stop();
  await database.drop();
  await cluster?.destroy();
});

async function deploy(path: string, env: Record<string, string>, execArgv?: string[], execPath?: string): Promise<Deployed> {
  const deployed = await startDeployed(path, env, execArgv, execPath);
  started.push(deployed);
  return deployed;
}

describe("the deployed bundles on the layer", () => {
  test("the migrator applies the schema and the application role", async () => {
    const migrator = await deploy("SchemaMigrator/Migrator", {
      DATABASE_URL: database.ownerUrl,
      DB_APP_ROLE: database.appRole,
      DB_APP_PASSWORD: database.appPassword,
    });
    const report = await migrator.invoke({});
    expect(report).toMatchObject({ action: "up", pending: [], changed: MIGRATIONS.map((Migration) => new Migration().name) });
    expect(await migrator.invoke({ action: "status" })).toMatchObject({ action: "status", changed: [] });
  });

  test("the books and reviews functions serve every route", async () => {
    const books = await deploy("BooksFunction", { DATABASE_URL: database.appUrl });
    const reviews = await deploy("ReviewsFunction", { DATABASE_URL: database.appUrl });
    const status = async (deployed: Deployed, e: object) => (await deployed.invoke(e)).statusCode;

    const created = await books.invoke(event("POST", "/book", aBook({ title: "Kindred", author: "Octavia E. Butler", publisher: "Doubleday", year: 1979 })));
    expect(created.statusCode).toBe(201);
    const book = JSON.parse(created.body as string) as { id: number };
    expect(await status(books, event("PUT", "/book", aBook({ title: "Dawn", author: "Octavia E. Butler", publisher: "Warner", year: 1987 })))).toBe(201);
    expect(await status(books, event("GET", "/book?limit=1&author=Octavia%20E.%20Butler"))).toBe(200);
    expect(await status(books, event("PATCH", `/book/${book.id}`, { year: 1980 }))).toBe(200);

    const review = await reviews.invoke(event("POST", "/review", aReview({ bookId: book.id, reviewer: "Dana", rate: 5 })));
    expect(review.statusCode).toBe(201);
    const reviewId = (JSON.parse(review.body as string) as { id: number }).id;
    expect(await status(reviews, event("PUT", "/review", aReview({ bookId: book.id, reviewer: "Kevin", rate: 4, review: "Yes." })))).toBe(201);
    expect(await status(reviews, event("GET", `/review?bookId=${book.id}`))).toBe(200);
    expect(await status(reviews, event("GET", `/review/${reviewId}`))).toBe(200);

    const rated = await books.invoke(event("GET", `/book/${book.id}`));
    expect(JSON.parse(rated.body as string)).toMatchObject({ id: book.id, year: 1980, reviewCount: 2, averageRate: 4.5 });

    // A keyed create and its replay; a conditional update, stale and current.
    const keyed = event("POST", "/review", aReview({ bookId: book.id, reviewer: "Alice", rate: 3 }), { "idempotency-key": "deployed-1" });
    const first = await reviews.invoke(keyed);
    const replayed = await reviews.invoke(keyed);
    expect([first.statusCode, replayed.statusCode, replayed.headers?.["idempotent-replayed"]]).toEqual([201, 201, "true"]);
    expect(replayed.body).toBe(first.body);
    const etag = (await books.invoke(event("GET", `/book/${book.id}`))).headers?.etag as string;
    expect(await status(books, event("PATCH", `/book/${book.id}`, { year: 1981 }, { "if-match": '"stale"' }))).toBe(412);
    expect(await status(books, event("PATCH", `/book/${book.id}`, { year: 1981 }, { "if-match": etag }))).toBe(200);

    expect(await status(reviews, event("POST", "/review", aReview({ bookId: 2_000_000_000, reviewer: "x", rate: 1 })))).toBe(404);
    expect(await status(books, event("POST", "/book", { title: "" }))).toBe(400);
    expect(await status(reviews, event("DELETE", `/review/${reviewId}`))).toBe(204);
    expect(await status(books, event("DELETE", `/book/${book.id}`))).toBe(204);
    expect(await status(books, event("GET", `/book/${book.id}`))).toBe(404);
  });

  test("loading a function and answering its requests leave out Node.js's web streams, file promises and performance hooks, which no request needs", async () => {
    // Web streams are middy's for streamed responses; fs/promises is TypeORM's for entity files on disk;
    // perf_hooks is what TypeORM's query timing would load on the first query (≈2 ms of a cold start).
    // On Lambda's Node.js: what loads with what differs between versions (Node 20's fetch loads perf_hooks).
    const unneeded = (loaded: string[]) => loaded.filter((name) => ["stream/web", "fs/promises", "perf_hooks"].includes(name));
    const { path: lambdaNodePath } = lambdaNode();
    const books = await deploy("BooksFunction", { DATABASE_URL: database.appUrl }, [], lambdaNodePath);
    const reviews = await deploy("ReviewsFunction", { DATABASE_URL: database.appUrl }, [], lambdaNodePath);
    expect(books.builtinsLoaded).toEqual(expect.arrayContaining(["crypto"]));
    expect([unneeded(books.builtinsLoaded), unneeded(reviews.builtinsLoaded)]).toEqual([[], []]);
    const created = await books.invoke(event("POST", "/book", aBook({ title: "Unhooked", author: "No", publisher: "Timing", year: 2004 })));
    const { id } = JSON.parse(created.body as string) as { id: number };
    expect([
      created.statusCode,
      (await books.invoke(event("GET", `/book/${id}`))).statusCode,
      (await reviews.invoke(event("POST", "/review", aReview({ bookId: id, reviewer: "Un", rate: 2 })))).statusCode,
    ]).toEqual([201, 200, 201]);
    expect([unneeded(await books.builtinsLoadedSoFar()), unneeded(await reviews.builtinsLoadedSoFar())]).toEqual([[], []]);
  });

  test("what loading the layer never evaluates is in files of their own that no successful request opens, and the migrator does", async () => {
    const orm = join(layerModules(), "@bookstore", "orm");
    const onDemandFiles = readdirSync(join(orm, "on-demand")).filter((file) => file.endsWith(".js"));
    // The schema builder, entity persistence, the Mongo and tree repositories: not in the file every function parses.
    const leftOut = /schema-builder\/RdbmsSchemaBuilder|persistence\/SubjectExecutor|repository\/(Mongo|Tree)Repository/;
    expect(sourcesMappedIn(join(orm, "index.js")).filter((source) => leftOut.test(source))).toEqual([]);
    const onDemandSources = onDemandFiles.flatMap((file) => sourcesMappedIn(join(orm, "on-demand", file)));
    expect(new Set(onDemandSources.filter((source) => leftOut.test(source))).size).toBe(4);
    expect(onDemandFiles.length).toBeGreaterThan(30);

    const books = await deploy("BooksFunction", { DATABASE_URL: database.appUrl });
    const reviews = await deploy("ReviewsFunction", { DATABASE_URL: database.appUrl });
    const created = await books.invoke(event("POST", "/book", aBook({ title: "On", author: "Demand", publisher: "Layer", year: 2002 })));
    const { id } = JSON.parse(created.body as string) as { id: number };
    const answers = [
      created.statusCode,
      (await books.invoke(event("GET", `/book/${id}`))).statusCode,
      (await books.invoke(event("GET", "/book?limit=5"))).statusCode,
      (await books.invoke(event("PATCH", `/book/${id}`, { year: 2003 }))).statusCode,
      (await reviews.invoke(event("POST", "/review", aReview({ bookId: id, reviewer: "Od", rate: 3 })))).statusCode,
      (await reviews.invoke(event("GET", `/review?bookId=${id}`))).statusCode,
    ];
    expect(answers).toEqual([201, 200, 200, 200, 201, 200]);
    expect(await books.onDemandModulesLoaded()).toEqual([]);
    expect(await reviews.onDemandModulesLoaded()).toEqual([]);

    const migrator = await deploy("SchemaMigrator/Migrator", { DATABASE_URL: database.ownerUrl, DB_APP_ROLE: database.appRole, DB_APP_PASSWORD: database.appPassword });
    expect(await migrator.invoke({ action: "status" })).toMatchObject({ action: "status" });
    expect((await migrator.onDemandModulesLoaded()).length).toBeGreaterThan(0);
  });

  test("each of the layer's files compiles its module wrappers as it loads, and its source map still leads to the sources", () => {
    for (const name of ["@bookstore/orm", ...LAZY_PACKAGES]) {
      const code = readFileSync(join(layerModules(), name, "index.js"), "utf8");
      // Nothing left for the build's step to mark, and it did mark them.
      expect([name, eagerModuleBodies(code).wrappers]).toEqual([name, 0]);
      if (name === "@bookstore/orm") expect(code.match(/\(function\(/g)?.length).toBeGreaterThan(200);
    }
    // A message of TypeORM's, far into the file's longest line, maps back where TypeORM's own map says it is written.
    const message = "All classes found using provided glob pattern";
    const inLayer = originalOf(join(layerModules(), "@bookstore", "orm", "index.js"), message);
    const inTypeorm = originalOf(require.resolve("typeorm/util/DirectoryExportedClassesLoader.js"), message);
    expect(inLayer.originalSource).toMatch(/\/util\/DirectoryExportedClassesLoader\.ts$/);
    expect(inLayer.originalLine).toBe(inTypeorm.originalLine);
    // What a patch of ours wrote maps to the patched JavaScript, at its line: TypeORM's map of its TypeScript no longer fits that file.
    const patchedFile = require.resolve("typeorm/query-builder/QueryBuilder.js");
    const written = readFileSync(patchedFile, "utf8").split("\n").findIndex((line) => line.includes('Symbol("kept value")'));
    expect(written).toBeGreaterThan(0);
    const inPatch = originalOf(join(layerModules(), "@bookstore", "orm", "index.js"), '"kept value"');
    expect(inPatch.originalSource).toMatch(/\/node_modules\/typeorm\/query-builder\/QueryBuilder\.js$/);
    expect(inPatch.originalLine).toBe(written);
  });

  test("a warm request gives no function its name at run time: the layer and the bundles name their functions where they are written", async () => {
    for (const file of [...["@bookstore/orm", ...LAZY_PACKAGES].map((name) => join(layerModules(), name, "index.js")), bundle("BooksFunction"), bundle("ReviewsFunction")]) {
      expect([file, staticFunctionNames(readFileSync(file, "utf8")).named]).toEqual([file, 0]);
    }
    const books = await deploy("BooksFunction", { DATABASE_URL: database.appUrl });
    const reviews = await deploy("ReviewsFunction", { DATABASE_URL: database.appUrl });
    const created = await books.invoke(event("POST", "/book", aBook({ title: "Named", author: "Where", publisher: "Written", year: 2004 })));
    const { id } = JSON.parse(created.body as string) as { id: number };
    const requests = async () => [
      (await books.invoke(event("GET", `/book/${id}`))).statusCode,
      (await books.invoke(event("GET", "/book?limit=5"))).statusCode,
      (await reviews.invoke(event("POST", "/review", aReview({ bookId: id, reviewer: "Nw", rate: 4 })))).statusCode,
    ];
    expect(await requests()).toEqual([200, 200, 201]);
    const [booksBefore, reviewsBefore] = [await books.functionsRenamed(), await reviews.functionsRenamed()];
    expect(await requests()).toEqual([200, 200, 201]);
    expect([(await books.functionsRenamed()) - booksBefore, (await reviews.functionsRenamed()) - reviewsBefore]).toEqual([0, 0]);
  });

  test("the deployed layer's columns share one shape (TypeORM's patch is in the built layer)", async () => {
    const books = await deploy("BooksFunction", { DATABASE_URL: database.appUrl });
    expect((await books.invoke(event("GET", "/book?limit=1"))).statusCode).toBe(200);
    expect(await books.columnShapes()).toBe(1);
  });

  test("the deployed layer builds a statement's select list and joins once per shape (TypeORM's patch is in the built layer)", async () => {
    const books = await deploy("BooksFunction", { DATABASE_URL: database.appUrl });
    const created = await books.invoke(event("POST", "/book", aBook({ title: "Parable of the Sower", author: "Octavia E. Butler", publisher: "Four Walls Eight Windows", year: 1993 })));
    const { id } = JSON.parse(created.body as string) as { id: number };
    expect((await books.invoke(event("GET", `/book/${id}`))).statusCode).toBe(200);
    await books.countStatementParts();
    for (const path of [`/book/${id}`, `/book/${id}`, "/book/999999"]) await books.invoke(event("GET", path));
    expect(await books.statementPartsBuilt()).toEqual({ select: 0, join: 0 });
    expect((await books.invoke(event("GET", "/book?limit=1"))).statusCode).toBe(200);
    expect(await books.statementPartsBuilt()).toEqual({ select: 1, join: 0 });
  });

  test("the deployed layer's pg works out a row shape's parsers and empty row once (pg's patch is in the built layer)", async () => {
    const books = await deploy("BooksFunction", { DATABASE_URL: database.appUrl });
    expect(await books.rowShapesKept()).toBe(true);
  });

  test("the deployed layer's pg reads a result's integers from its bytes and decodes its text, through neither Buffer's checked reads nor its toString (pg-protocol's patch is in the built layer)", async () => {
    const books = await deploy("BooksFunction", { DATABASE_URL: database.appUrl });
    expect(await books.bufferMethodCalls()).toEqual({ readInt16BE: 0, readInt32BE: 0, readUInt32BE: 0, toString: 0 });
  });

  test("the layer's tracer, loaded and set up as the functions do, requires neither http nor https (TLS): its HTTP capture is off", () => {
    // The requires the tracer's own code makes while it loads and builds a tracer, in a process of its own.
    const script = `
      const Module = require("node:module");
      const load = Module._load;
      const asked = [];
      Module._load = function (request) { asked.push(request); return load.apply(this, arguments); };
      const { Tracer } = require(process.env.TRACER);
      new Tracer({ serviceName: "books", captureHTTPsRequests: false });
      process.stdout.write(JSON.stringify(asked));`;
    const asked = JSON.parse(
      execFileSync(process.execPath, ["-e", script], {
        env: { PATH: process.env.PATH, ...lambdaTraceEnvironment("127.0.0.1:2000"), TRACER: join(layerModules(), "@aws-lambda-powertools", "tracer") },
        encoding: "utf8",
      }),
    ) as string[];
    expect(asked).toEqual(expect.arrayContaining(["dgram"]));
    expect(asked.filter((request) => /^(node:)?https?$/.test(request))).toEqual([]);
  });

  test("what a warm request allocates dies young, in the young generation's collections", async () => {
    // V8 allocates a function literal assigned straight to a property in the
    // old generation; the ones pg and TypeORM made per query kept each query,
    // its rows and its query runner alive until the next full collection.
    // Summed over these three requests, that left 11–18 KB per round in the
    // old generation, 6–7 KB with pg's patch alone, and 2–3 KB with both
    // (patches/pg+*.patch, patches/typeorm+*.patch).
    const books = await deploy("BooksFunction", { DATABASE_URL: database.appUrl }, ["--expose-gc"]);
    const reviews = await deploy("ReviewsFunction", { DATABASE_URL: database.appUrl }, ["--expose-gc"]);
    const created = await books.invoke(event("POST", "/book", aBook({ title: "Young", author: "Generation", publisher: "V8", year: 2024 })));
    const { id } = JSON.parse(created.body as string) as { id: number };
    const perInvocation = [
      await books.oldGenerationGrowth(event("GET", `/book/${id}`), 1_000),
      await books.oldGenerationGrowth(event("GET", "/book?limit=20"), 1_000),
      await reviews.oldGenerationGrowth(event("POST", "/review", aReview({ bookId: id, reviewer: "Gen", rate: 3 })), 1_000),
    ];
    expect(perInvocation.reduce((sum, bytes) => sum + bytes, 0)).toBeLessThan(4_000);
  });

  test("an unreachable database is a 503, not a crash", async () => {
    const books = await deploy("BooksFunction", { DATABASE_URL: "postgres://nobody:x@127.0.0.1:1/none" });
    const response = await books.invoke(event("GET", "/book"));
    expect(response.statusCode).toBe(503);
  });

  test("traced as deployed: each invocation's unit of work is a subsegment under its route's", async () => {
    // The invocations arrive on a channel opened before the bundle loaded,
    // as Lambda's runtime loop is.
    const daemon = await XRayDaemon.start({ keep: true });
    const { documents } = daemon;
    try {
      const books = await deploy("BooksFunction", { DATABASE_URL: database.appUrl, ...lambdaTraceEnvironment(daemon.address) });
      for (const url of ["/book?limit=1", "/book?limit=2"]) expect((await books.invoke(event("GET", url))).statusCode).toBe(200);
      for (let waited = 0; documents.length < 4 && waited < 5_000; waited += 20) await new Promise((resolve) => setTimeout(resolve, 20));

      const routes = documents.filter((document) => document.name === "## GET /book");
      const units = documents.filter((document) => document.name === "database read");
      expect(routes.map((document) => document.parent_id)).toEqual([LAMBDA_SEGMENT_ID, LAMBDA_SEGMENT_ID]);
      expect(units.map((document) => document.parent_id)).toEqual(routes.map((document) => document.id));
    } finally {
      daemon.close();
    }
  });
});

describe("the deployed bundles with AWS credentials", () => {
  const REGION = "eu-west-1";
  const KEYS = { AWS_REGION: REGION, AWS_ACCESS_KEY_ID: "AKIDDEPLOYEDTEST", AWS_SECRET_ACCESS_KEY: "deployed-test-secret", PGSSLMODE: "disable" };
  let awsCluster: PostgresCluster;
  let iamDatabase: ScratchDatabase;
  let secretDatabase: ScratchDatabase;

  beforeAll(async () => {
    // Password logins (for the secret) and trusted bookstore_iam_* logins behind the IAM stand-in.
    awsCluster = await startScratchPostgres("deployed-superuser", { trustRolesMatching: "^bookstore_iam_" });
    iamDatabase = await createScratchDatabase(awsCluster.url(), { appRolePrefix: "bookstore_iam" });
    secretDatabase = await createScratchDatabase(awsCluster.url());
  }, 60_000);
  afterAll(async () => {
    await iamDatabase.drop();
    await secretDatabase.drop();
    await awsCluster.destroy();
  });

  test("IAM mode: the layer's rds-signer signs a token the proxy stand-in accepts", async () => {
    const proxy = new IamAuthProxy({ upstreamPort: awsCluster.options.port, region: REGION, secretAccessKey: KEYS.AWS_SECRET_ACCESS_KEY });
    await proxy.start();
    try {
      const books = await deploy("BooksFunction", {
        ...KEYS,
        DB_AUTH: "iam",
        DB_PROXY_ENDPOINT: proxy.endpoint,
        DB_USER: iamDatabase.appRole,
        DB_NAME: iamDatabase.name,
      });
      expect((await books.invoke(event("GET", "/book"))).statusCode).toBe(200);
      expect(proxy.tokens.length).toBeGreaterThan(0);
      expect(proxy.tokens.every((seen) => seen.accepted)).toBe(true);
    } finally {
      await proxy.stop();
    }
  });

  test("secret mode: the layer's Secrets Manager client reads the secret", async () => {
    const endpoint = new SecretsManagerEndpoint();
    await endpoint.start();
    const arn = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:deployed-AbCdEf";
    endpoint.put(arn, { username: secretDatabase.appRole, password: secretDatabase.appPassword, port: awsCluster.options.port, dbname: secretDatabase.name });
    try {
      const reviews = await deploy("ReviewsFunction", {
        ...KEYS,
        DB_SECRET_ARN: arn,
        DB_PROXY_ENDPOINT: `127.0.0.1:${awsCluster.options.port}`,
        AWS_ENDPOINT_URL_SECRETS_MANAGER: endpoint.url,
      });
      expect((await reviews.invoke(event("GET", "/review?bookId=1"))).statusCode).toBe(404);
      expect(endpoint.fetchCount(arn)).toBe(1);
    } finally {
      await endpoint.stop();
    }
  });
});

describe("the deployed bundles over the Data API", () => {
  test("the layer's aurora-postgres driver and RDSDataClient serve the routes through a Data API endpoint", async () => {
    const dataDatabase = await createScratchDatabase(process.env.DATABASE_URL ?? (cluster as PostgresCluster).url());
    const endpoint = await startLocalDataApi(dataDatabase.appUrl);
    try {
      const env = dataApiEnvironment(endpoint.url, dataDatabase.appUrl);
      const books = await deploy("BooksFunction", env);
      const reviews = await deploy("ReviewsFunction", env);
      const created = await books.invoke(event("POST", "/book", aBook({ title: "Lilith's Brood", author: "Octavia E. Butler", publisher: "Grand Central", year: 2000 })));
      expect(created.statusCode).toBe(201);
      const { id } = JSON.parse(created.body as string) as { id: number };
      expect((await books.invoke(event("PATCH", `/book/${id}`, { year: 2001 }))).statusCode).toBe(200);
      expect((await reviews.invoke(event("POST", "/review", aReview({ bookId: id, reviewer: "Lilith", rate: 5 })))).statusCode).toBe(201);
      expect((await reviews.invoke(event("POST", "/review", aReview({ bookId: 2_000_000_000, reviewer: "x", rate: 1 })))).statusCode).toBe(404);
      const rated = await books.invoke(event("GET", `/book/${id}`));
      expect(JSON.parse(rated.body as string)).toMatchObject({ id, year: 2001, reviewCount: 1, averageRate: 5 });

      await endpoint.stopListening();
      expect((await books.invoke(event("GET", `/book/${id}`))).statusCode).toBe(503);
    } finally {
      await endpoint.close();
      await dataDatabase.drop();
    }
  });
});

describe("the deployed bundles on the DSQL-shaped schema (DB_DIALECT=dsql)", () => {
  test("the layer opens a dsql connection with only the startup parameters DSQL accepts (the built artifact)", async () => {
    const layerFile = readFileSync(join(layerModules(), "@bookstore", "orm", "index.js"), "utf8");
    expect(layerFile).not.toContain("default_transaction_isolation");
    const recorder = await StartupRecorder.start();
    try {
      const books = await deploy("BooksFunction", { DATABASE_URL: recorder.url(), DB_DIALECT: "dsql" });
      expect((await books.invoke(event("GET", "/book"))).statusCode).toBe(503);
      expect(recorder.startups.length).toBeGreaterThan(0);
      for (const startup of recorder.startups) expect({ startup, violations: dsqlStartupViolations(startup) }).toEqual({ startup, violations: [] });
      // The check itself: what the layer used to send is refused.
      const client = new Client({ connectionString: recorder.url(), options: "-c default_transaction_isolation=serializable" });
      await client.connect().catch(() => undefined);
      expect(dsqlStartupViolations(recorder.startups.at(-1) ?? {})).toEqual([expect.stringContaining('startup parameter "default_transaction_isolation"')]);
    } finally {
      await recorder.close();
    }
  });

  test("the migrator builds the schema with its foreign key and the functions keep reviews with their books", async () => {
    const dsqlDatabase = await createScratchDatabase(process.env.DATABASE_URL ?? (cluster as PostgresCluster).url(), { migrated: false });
    try {
      const migrator = await deploy("SchemaMigrator/Migrator", {
        DATABASE_URL: dsqlDatabase.ownerUrl,
        DB_APP_ROLE: dsqlDatabase.appRole,
        DB_APP_PASSWORD: dsqlDatabase.appPassword,
        DB_DIALECT: "dsql",
      });
      expect(await migrator.invoke({})).toMatchObject({ action: "up", pending: [] });
      await emulateDsql(dsqlDatabase.ownerUrl, dsqlDatabase.appRole);
      const env = { DATABASE_URL: dsqlDatabase.appUrl, DB_DIALECT: "dsql" };
      const books = await deploy("BooksFunction", env);
      // BIGINT keys are read as numbers by a parser each connection gets as it connects, so pg's patch keeps their row shapes.
      expect(await books.rowShapesKept()).toBe(true);
      const reviews = await deploy("ReviewsFunction", env);
      const created = await books.invoke(event("POST", "/book", aBook({ title: "Parable of the Sower", author: "Octavia E. Butler", publisher: "Four Walls", year: 1993 })));
      const { id } = JSON.parse(created.body as string) as { id: number };
      expect(id).toEqual(expect.any(Number));
      expect((await reviews.invoke(event("POST", "/review", aReview({ bookId: id, reviewer: "Lauren", rate: 5 })))).statusCode).toBe(201);
      expect((await books.invoke(event("DELETE", `/book/${id}`))).statusCode).toBe(204);
      expect((await reviews.invoke(event("POST", "/review", aReview({ bookId: id, reviewer: "Lauren", rate: 5 })))).statusCode).toBe(404);
      expect((await reviews.invoke(event("GET", `/review?bookId=${id}`))).statusCode).toBe(404);
    } finally {
      await dsqlDatabase.drop();
    }
  });
});

describe("the layer's DSQL signer", () => {
  test("signs DbConnect and DbConnectAdmin tokens with the credentials it is given, without the SDK's credential chain", async () => {
    const { DsqlSigner } = require(join(layerModules(), "@aws-sdk", "dsql-signer", "index.js")) as typeof import("@aws-sdk/dsql-signer");
    const hostname = "abc123def456.dsql.eu-west-1.on.aws";
    const signer = new DsqlSigner({ hostname, region: "eu-west-1", credentials: { accessKeyId: "AKIDLAYERTEST", secretAccessKey: "layer-secret" } });
    const check = (token: string, action: string) =>
      checkRdsIamToken(token, { endpoint: hostname, region: "eu-west-1", secretAccessKey: "layer-secret", service: "dsql", action }).valid;
    expect(check(await signer.getDbConnectAuthToken(), "DbConnect")).toBe(true);
    expect(check(await signer.getDbConnectAdminAuthToken(), "DbConnectAdmin")).toBe(true);
  });
});
