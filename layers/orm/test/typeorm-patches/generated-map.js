// TypeORM 1.1.3's PostgresDriver#createGeneratedMap as published (MIT
// License, Copyright (c) 2015-2026 TypeORM), unpatched: the reference the
// patched one must agree with.
const { OrmUtils } = require("typeorm/util/OrmUtils.js");

module.exports = function createGeneratedMap(metadata, insertResult) {
  if (!insertResult) return undefined;
  return Object.keys(insertResult).reduce((map, key) => {
    const column = metadata.findColumnWithDatabaseName(key);
    if (column) {
      OrmUtils.mergeDeep(map, column.createValueMap(insertResult[key]));
    }
    return map;
  }, {});
};
