// TypeORM 1.1.3's SelectQueryBuilder#createSelectExpression as published (MIT
// License, Copyright (c) 2015-2026 TypeORM), unpatched: the reference the
// patched one must agree with.
const { DriverUtils } = require("typeorm/driver/DriverUtils.js");
const { TypeORMError } = require("typeorm/error/TypeORMError.js");

module.exports = function createSelectExpression() {
  if (!this.expressionMap.mainAlias)
    throw new TypeORMError("Cannot build query because main alias is not set (call qb#from method)");
  // todo throw exception if selects or from is missing
  const allSelects = [];
  const excludedSelects = [];
  if (this.expressionMap.mainAlias.hasMetadata) {
    const metadata = this.expressionMap.mainAlias.metadata;
    allSelects.push(...this.buildEscapedEntityColumnSelects(this.expressionMap.mainAlias.name, metadata));
    excludedSelects.push(...this.findEntityColumnSelects(this.expressionMap.mainAlias.name, metadata));
  }
  // add selects from joins
  this.expressionMap.joinAttributes.forEach((join) => {
    if (join.metadata) {
      allSelects.push(...this.buildEscapedEntityColumnSelects(join.alias.name, join.metadata));
      excludedSelects.push(...this.findEntityColumnSelects(join.alias.name, join.metadata));
    }
    else {
      const hasMainAlias = this.expressionMap.selects.some((select) => select.selection === join.alias.name);
      if (hasMainAlias) {
        allSelects.push({
          selection: this.escape(join.alias.name) + ".*",
        });
        const excludedSelect = this.expressionMap.selects.find((select) => select.selection === join.alias.name);
        excludedSelects.push(excludedSelect);
      }
    }
  });
  // add all other selects
  this.expressionMap.selects
    .filter((select) => excludedSelects.indexOf(select) === -1)
    .forEach((select) => allSelects.push({
    selection: select.selection,
    aliasName: select.aliasName,
  }));
  // if still selection is empty, then simply set it to all (*)
  if (allSelects.length === 0)
    allSelects.push({ selection: "*" });
  // Use certain index
  let useIndex = "";
  if (this.expressionMap.useIndex?.length) {
    if (DriverUtils.isMySQLFamily(this.dataSource.driver)) {
      useIndex = ` USE INDEX (${this.expressionMap.useIndex
        .map((i) => this.escape(i))
        .join(", ")})`;
    }
  }
  // create a selection query
  const froms = this.expressionMap.aliases
    .filter((alias) => alias.type === "from" &&
    (alias.tablePath ?? alias.subQuery))
    .map((alias) => {
    if (alias.subQuery)
      return alias.subQuery + " " + this.escape(alias.name);
    return (this.getTableName(alias.tablePath) +
      " " +
      this.escape(alias.name));
  });
  const select = this.createSelectDistinctExpression();
  const selection = allSelects
    .map((select) => select.selection +
    (select.aliasName
      ? " AS " + this.escape(select.aliasName)
      : ""))
    .join(", ");
  return (select +
    selection +
    " FROM " +
    froms.join(", ") +
    this.createTableLockExpression() +
    useIndex);
};
