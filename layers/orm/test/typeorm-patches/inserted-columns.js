// TypeORM 1.1.3's InsertQueryBuilder#getInsertedColumns as published (MIT
// License, Copyright (c) 2015-2026 TypeORM), unpatched: the reference the
// patched one must agree with.
const { DriverUtils } = require("typeorm/driver/DriverUtils.js");

module.exports = function getInsertedColumns() {
  if (!this.expressionMap.mainAlias.hasMetadata) return [];
  return this.expressionMap.mainAlias.metadata.columns.filter((column) => {
    // if user specified list of columns he wants to insert to, then we filter only them
    if (this.expressionMap.insertColumns.length) return this.expressionMap.insertColumns.indexOf(column.propertyPath) !== -1;
    // skip columns the user doesn't want included by default
    if (!column.isInsert) {
      return false;
    }
    // Skip generated columns if we are inserting from select, if not explicitly specified
    if (
      column.isGenerated &&
      this.expressionMap.insertFromSelect &&
      (DriverUtils.isSQLiteFamily(this.dataSource.driver) ||
        DriverUtils.isMySQLFamily(this.dataSource.driver) ||
        this.dataSource.driver.options.type === "aurora-mysql" ||
        this.dataSource.driver.options.type === "oracle")
    )
      return false;
    // if user did not specified such list then return all columns except auto-increment one
    // for Oracle we return auto-increment column as well because Oracle does not support DEFAULT VALUES expression
    if (
      column.isGenerated &&
      column.generationStrategy === "increment" &&
      !(this.dataSource.driver.options.type === "spanner") &&
      !(this.dataSource.driver.options.type === "oracle") &&
      !DriverUtils.isSQLiteFamily(this.dataSource.driver) &&
      !DriverUtils.isMySQLFamily(this.dataSource.driver) &&
      !(this.dataSource.driver.options.type === "aurora-mysql") &&
      !(this.dataSource.driver.options.type === "mssql" && this.isOverridingAutoIncrementBehavior(column))
    )
      return false;
    return true;
  });
};
