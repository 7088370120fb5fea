import { LAZY_HELPER, lazyRequires } from "../scripts/lazy-typeorm-modules";

describe("the layer build's lazy TypeORM requires", () => {
  const FILE = "/project/node_modules/typeorm/data-source/DataSource.js";

  test("a require of what no request uses, whose binding only reads named exports, becomes a lazy module of those names", () => {
    const source = [
      '"use strict";',
      'const MigrationExecutor_1 = require("../migration/MigrationExecutor");',
      'const error_1 = require("../error");',
      'const RdbmsSchemaBuilder_1 = require("../schema-builder/RdbmsSchemaBuilder");',
      'const SelectQueryBuilder_1 = require("../query-builder/SelectQueryBuilder");',
      "function f() { return new MigrationExecutor_1.MigrationExecutor(this).executePendingMigrations(); }",
      "function g() { throw new error_1.TypeORMError(error_1.CannotExecuteNotConnectedError.name); }",
      "module.exports.schema = RdbmsSchemaBuilder_1;",
      "exports.h = () => new SelectQueryBuilder_1.SelectQueryBuilder();",
    ].join("\n");
    const out = lazyRequires(source, FILE);
    expect(out).toContain('const MigrationExecutor_1 = __lazyModule(() => require("../migration/MigrationExecutor"), ["MigrationExecutor"]);');
    expect(out).toContain('const error_1 = __lazyModule(() => require("../error"), ["TypeORMError","CannotExecuteNotConnectedError"]);');
    // The binding escapes whole: left as it was.
    expect(out).toContain('const RdbmsSchemaBuilder_1 = require("../schema-builder/RdbmsSchemaBuilder");');
    // What a request uses stays eager.
    expect(out).toContain('const SelectQueryBuilder_1 = require("../query-builder/SelectQueryBuilder");');
    // Every line where it was, the directive first, the helper declared on the first lazy line.
    expect(out.split("\n")).toHaveLength(source.split("\n").length);
    expect(out.split("\n")[0]).toBe('"use strict";');
    expect(out.split("\n")[1]).toBe(
      'const { __lazyModule } = require("bookstore:lazy-module"); const MigrationExecutor_1 = __lazyModule(() => require("../migration/MigrationExecutor"), ["MigrationExecutor"]);',
    );
  });

  test("the loading of entity files from disk is lazy where the layer is given classes", () => {
    const source = 'const ImportUtils_1 = require("./ImportUtils");\nexports.load = (file) => (0, ImportUtils_1.importOrRequireFile)(file);';
    expect(lazyRequires(source, "/project/node_modules/typeorm/util/DirectoryExportedClassesLoader.js")).toContain(
      'const ImportUtils_1 = __lazyModule(() => require("./ImportUtils"), ["importOrRequireFile"]);',
    );
  });

  test("what every DataSource builds as it opens (its default logger, the closure-table metadata builder) stays eager", () => {
    const source = [
      'const LoggerFactory_1 = require("../logger/LoggerFactory");',
      'const ClosureJunctionEntityMetadataBuilder_1 = require("./ClosureJunctionEntityMetadataBuilder");',
      'const FileLogger_1 = require("../logger/FileLogger");',
      "exports.f = () => [new LoggerFactory_1.LoggerFactory(), new ClosureJunctionEntityMetadataBuilder_1.ClosureJunctionEntityMetadataBuilder(), new FileLogger_1.FileLogger()];",
    ].join("\n");
    const out = lazyRequires(source, "/project/node_modules/typeorm/metadata-builder/EntityMetadataBuilder.js");
    expect(out).toContain('const LoggerFactory_1 = require("../logger/LoggerFactory");');
    expect(out).toContain('const ClosureJunctionEntityMetadataBuilder_1 = require("./ClosureJunctionEntityMetadataBuilder");');
    expect(out).toContain('const FileLogger_1 = __lazyModule(() => require("../logger/FileLogger"), ["FileLogger"]);');
  });

  test("a file without such requires is left as it was", () => {
    const source = 'const x = require("pg");\nconst SelectQueryBuilder_1 = require("../query-builder/SelectQueryBuilder");\nmodule.exports = () => new SelectQueryBuilder_1.SelectQueryBuilder(x);';
    expect(lazyRequires(source, FILE)).toBe(source);
  });

  test("a lazy module loads on the first read of any name, once, and then holds plain values", () => {
    const exports: { __lazyModule?: (load: () => Record<string, unknown>, names: string[]) => Record<string, unknown> } = {};
    new Function("exports", LAZY_HELPER)(exports);
    let loads = 0;
    const target: Record<string, unknown> = {};
    const lazy = exports.__lazyModule?.(() => {
      loads += 1;
      return target;
    }, ["a", "b"]) as Record<string, unknown>;
    expect(loads).toBe(0);
    // A name not yet set (a module still being evaluated, in a cycle) is read again next time.
    expect(lazy.a).toBeUndefined();
    target.a = 1;
    target.b = 2;
    expect([lazy.a, lazy.b]).toEqual([1, 2]);
    expect(loads).toBe(1);
    expect(Object.getOwnPropertyDescriptor(lazy, "a")).toMatchObject({ value: 1 });
  });
});
