// TypeORM 1.1.3's RawSqlResultsToEntityTransformer#group,
// #getColumnsToProcess and #transformColumns as published (MIT License,
// Copyright (c) 2015-2026 TypeORM), unpatched: the reference the patched ones must agree with.
const { ObjectUtils } = require("typeorm/util/ObjectUtils.js");
const { isUint8Array, uint8ArrayToHex } = require("typeorm/util/Uint8ArrayUtils.js");

function group(rawResults, alias) {
  const map = new Map();
  const keys = [];
  if (alias.metadata.tableType === "view") {
    keys.push(...alias.metadata.columns.map((column) => this.buildAlias(alias.name, column.databaseName)));
  } else {
    keys.push(...alias.metadata.primaryColumns.map((column) => this.buildAlias(alias.name, column.databaseName)));
  }
  const primaryKeysSelected = keys.some((key) => key in (rawResults[0] ?? {}));
  for (let rowIndex = 0; rowIndex < rawResults.length; rowIndex++) {
    const rawResult = rawResults[rowIndex];
    let id;
    if (primaryKeysSelected) {
      const keyValues = keys.map((key) => {
        const keyValue = rawResult[key];
        if (isUint8Array(keyValue)) {
          return uint8ArrayToHex(keyValue);
        }
        if (ObjectUtils.isObject(keyValue)) {
          return JSON.stringify(keyValue);
        }
        if (typeof keyValue === "number" && !Number.isFinite(keyValue)) {
          return [keyValue.toString()];
        }
        return typeof keyValue === "bigint" ? keyValue.toString() : keyValue;
      });
      id = keys.length === 1 ? keyValues.join("_") : JSON.stringify(keyValues);
    } else {
      id = `row_${rowIndex}`;
    }
    const items = map.get(id);
    if (!items) {
      map.set(id, [rawResult]);
    } else {
      items.push(rawResult);
    }
  }
  return map;
}

function getColumnsToProcess(aliasName, metadata) {
  let metadatas = this.columnsCache.get(aliasName);
  if (!metadatas) {
    metadatas = new Map();
    this.columnsCache.set(aliasName, metadatas);
  }
  let columns = metadatas.get(metadata);
  if (!columns) {
    columns = metadata.columns
      .filter(
        (column) =>
          !column.isVirtual &&
          (this.selections.has(aliasName) || this.selections.has(`${aliasName}.${column.propertyPath}`)) &&
          !metadata.childEntityMetadatas.some((childMetadata) => childMetadata.target === column.target),
      )
      .map((column) => [this.buildAlias(aliasName, column.databaseName), column]);
    metadatas.set(metadata, columns);
  }
  return columns;
}

function transformColumns(rawResults, alias, entity, metadata) {
  let hasData = false;
  const result = rawResults[0];
  for (const [key, column] of this.getColumnsToProcess(alias.name, metadata)) {
    const value = result[key];
    if (value === undefined) continue;
    // we don't mark it as has data because if we will have all nulls in our object - we don't need such object
    else if (value !== null && !column.isVirtualProperty) hasData = true;
    column.setEntityValue(entity, this.driver.prepareHydratedValue(value, column));
  }
  return hasData;
}

module.exports = { group, getColumnsToProcess, transformColumns };
