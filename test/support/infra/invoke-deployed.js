// Runs in a plain Node.js process, as Lambda does: loads a deployed
// function bundle (BUNDLE), with the layer's node_modules on NODE_PATH,
// invokes it with each event its parent sends, and sends back the results.
// Node.js's own modules the bundle and the layer load (for what a cold start pays).
const { join } = require("node:path");
const { getHeapSpaceStatistics } = require("node:v8");

// Functions given a name with Object.defineProperty (esbuild's keepNames
// helper), counted from before the bundle loads: a bundle takes the method
// once, as it loads.
let functionsRenamed = 0;
const defineProperty = Object.defineProperty;
Object.defineProperty = function (target, key, descriptor) {
  if (typeof target === "function" && key === "name") functionsRenamed += 1;
  return defineProperty(target, key, descriptor);
};

const loadedBefore = new Set(process.moduleLoadList);
const builtinsLoadedSoFar = () =>
  process.moduleLoadList.filter((entry) => !loadedBefore.has(entry) && entry.startsWith("NativeModule ")).map((entry) => entry.slice("NativeModule ".length));
const { handler } = require(process.env.BUNDLE);
const builtinsLoaded = builtinsLoadedSoFar();

const context = { awsRequestId: "deployed-test", functionName: "deployed-test", getRemainingTimeInMillis: () => 10_000 };
const oldSpaceUsed = () => getHeapSpaceStatistics().find((space) => space.space_name === "old_space").space_used_size;

// Bytes per invocation that warm invocations of `event` leave in the old
// generation once the young generation has been collected (needs --expose-gc).
async function oldGenerationGrowth({ event, invocations }) {
  for (let i = 0; i < invocations; i += 1) await handler(event, context);
  global.gc();
  const before = oldSpaceUsed();
  for (let i = 0; i < invocations; i += 1) await handler(event, context);
  global.gc({ type: "minor" });
  return (oldSpaceUsed() - before) / invocations;
}

// How many distinct lists of own properties the columns of the layer's
// DataSource have (one when they all share a hidden class).
async function columnShapes() {
  const dataSource = await require(join(process.env.NODE_PATH, "@bookstore", "orm")).getDataSource();
  return new Set(dataSource.entityMetadatas.flatMap((metadata) => metadata.columns.map((column) => Object.keys(column).join(",")))).size;
}

// How many times the layer's TypeORM built a statement's select list or its
// joins afresh instead of taking what it kept for the shape, from when
// counting started (throws where the layer has no such caches).
let statementPartsBuilt;
async function countStatementParts() {
  const dataSource = await require(join(process.env.NODE_PATH, "@bookstore", "orm")).getDataSource();
  const builder = Object.getPrototypeOf(dataSource.createQueryBuilder());
  statementPartsBuilt = { select: 0, join: 0 };
  for (const [part, method] of [
    ["select", "createSelectExpressionUncached"],
    ["join", "createJoinExpressionUncached"],
  ]) {
    const build = builder[method];
    if (typeof build !== "function") throw new Error(`the layer's query builder has no ${method}`);
    builder[method] = function () {
      statementPartsBuilt[part] += 1;
      return build.call(this);
    };
  }
}

// `work` on a pg client of the layer's own connection, released after.
async function onLayerConnection(work) {
  const dataSource = await require(join(process.env.NODE_PATH, "@bookstore", "orm")).getDataSource();
  const runner = dataSource.createQueryRunner();
  try {
    return await work(await runner.connect());
  } finally {
    await runner.release();
  }
}

// Whether the layer's pg kept the parsers and empty row of a row shape for
// the next result of that shape.
function rowShapesKept() {
  return onLayerConnection(async (client) => {
    const statement = "SELECT 1::int AS kept, 'shape'::text AS row_shape";
    const [first, again] = [await client.query(statement), await client.query(statement)];
    return first._parsers === again._parsers && first._prebuiltEmptyResultObject === again._prebuiltEmptyResultObject;
  });
}

// How many times each of Buffer's checked integer reads and its toString was
// called while the layer's pg read a result of a few columns and rows (none
// where pg-protocol reads the bytes and decodes the text itself).
function bufferMethodCalls() {
  return onLayerConnection(async (client) => {
    const methods = ["readInt16BE", "readInt32BE", "readUInt32BE", "toString"];
    const published = methods.map((method) => Buffer.prototype[method]);
    const calls = Object.fromEntries(methods.map((method) => [method, 0]));
    methods.forEach((method, i) => {
      Buffer.prototype[method] = function (...args) {
        calls[method] += 1;
        return published[i].apply(this, args);
      };
    });
    try {
      await client.query("SELECT n, n::text AS label FROM generate_series(1, 3) AS n");
      return calls;
    } finally {
      methods.forEach((method, i) => (Buffer.prototype[method] = published[i]));
    }
  });
}

// What the test can ask besides an invocation, by the message's key.
const questions = {
  oldGenerationGrowth: (asked) => oldGenerationGrowth(asked),
  onDemandModulesLoaded: () => Object.keys(require.cache).filter((file) => /[\\/]on-demand[\\/][^\\/]+\.js$/.test(file)),
  functionsRenamed: () => functionsRenamed,
  columnShapes: () => columnShapes(),
  countStatementParts: () => countStatementParts(),
  statementPartsBuilt: () => statementPartsBuilt,
  rowShapesKept: () => rowShapesKept(),
  bufferMethodCalls: () => bufferMethodCalls(),
  builtinsLoadedSoFar: () => builtinsLoadedSoFar(),
};

process.on("message", async (message) => {
  if (message.type === "exit") process.exit(0);
  try {
    const question = Object.keys(questions).find((name) => message[name]);
    const result = question ? await questions[question](message[question]) : await handler(message.event, context);
    process.send({ ok: true, result });
  } catch (error) {
    process.send({ ok: false, error: String(error && error.message ? error.message : error) });
  }
});
process.send({ ready: true, builtinsLoaded });
