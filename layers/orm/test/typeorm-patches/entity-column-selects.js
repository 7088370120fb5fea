// TypeORM 1.1.3's SelectQueryBuilder#buildEscapedEntityColumnSelects and
// #findEntityColumnSelects as published (MIT License, Copyright (c) 2015-2026
// TypeORM), unpatched: the reference the patched ones must agree with.
const { DriverUtils } = require("typeorm/driver/DriverUtils.js");

function buildEscapedEntityColumnSelects(aliasName, metadata) {
  const hasMainAlias = this.expressionMap.selects.some((select) => select.selection === aliasName);
  const columns = [];
  if (hasMainAlias) {
    columns.push(...metadata.columns.filter((column) => column.isSelect === true));
  }
  const columnsMap = new Map(metadata.columns.map((col) => [`${aliasName}.${col.propertyPath}`, col]));
  columns.push(...this.expressionMap.selects.map((select) => columnsMap.get(select.selection)).filter((col) => !!col));
  if (columns.length === 0) return [];
  const nonSelectedPrimaryColumns = this.expressionMap.queryEntity
    ? metadata.primaryColumns.filter((primaryColumn) => columns.indexOf(primaryColumn) === -1)
    : [];
  const allColumns = [...columns, ...nonSelectedPrimaryColumns];
  const finalSelects = [];
  allColumns.forEach((column) => {
    const selectionPath = this.buildColumnSelectionExpression(aliasName, column);
    const selections = this.expressionMap.selects.filter((select) => select.selection === aliasName + "." + column.propertyPath);
    if (selections.length) {
      selections.forEach((selection) => {
        finalSelects.push({
          selection: selectionPath,
          aliasName: selection.aliasName ?? DriverUtils.buildAlias(this.dataSource.driver, undefined, aliasName, column.databaseName),
          virtual: selection.virtual,
        });
      });
    } else {
      finalSelects.push({
        selection: selectionPath,
        aliasName: DriverUtils.buildAlias(this.dataSource.driver, undefined, aliasName, column.databaseName),
        virtual: hasMainAlias,
      });
    }
  });
  return finalSelects;
}

function findEntityColumnSelects(aliasName, metadata) {
  return this.expressionMap.selects.filter(
    (select) => select.selection === aliasName || metadata.columns.some((column) => select.selection === aliasName + "." + column.propertyPath),
  );
}

module.exports = { buildEscapedEntityColumnSelects, findEntityColumnSelects };
