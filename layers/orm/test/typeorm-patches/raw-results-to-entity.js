// TypeORM 1.1.3's RawSqlResultsToEntityTransformer#group,
// #getColumnsToProcess, #transformColumns, #transformRawResultsGroup,
// #transformJoins and #transformRelationIds as published (MIT License,
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

function transformRawResultsGroup(rawResults, alias) {
  // let hasColumns = false; // , hasEmbeddedColumns = false, hasParentColumns = false, hasParentEmbeddedColumns = false;
  let metadata = alias.metadata;
  if (metadata.discriminatorColumn) {
    const discriminatorValues = rawResults.map((result) => result[this.buildAlias(alias.name, alias.metadata.discriminatorColumn.databaseName)]);
    const discriminatorMetadata = metadata.childEntityMetadatas.find((childEntityMetadata) => {
      return (typeof discriminatorValues.find((value) => value ===
        childEntityMetadata.discriminatorValue) !== "undefined");
    });
    if (discriminatorMetadata)
      metadata = discriminatorMetadata;
  }
  const entity = metadata.create(this.queryRunner, {
    fromDeserializer: true,
    pojo: this.pojo,
  });
  // get value from columns selections and put them into newly created entity
  const hasColumns = this.transformColumns(rawResults, alias, entity, metadata);
  const hasRelations = this.transformJoins(rawResults, entity, alias, metadata);
  const hasRelationIds = this.transformRelationIds(rawResults, alias, entity, metadata);
  // if we have at least one selected column then return this entity
  // since entity must have at least primary columns to be really selected and transformed into entity
  if (hasColumns)
    return entity;
  // if we don't have any selected column we should not return entity,
  // except for the case when entity only contain a primary column as a relation to another entity
  // in this case its absolutely possible our entity to not have any columns except a single relation
  const hasOnlyVirtualPrimaryColumns = metadata.primaryColumns.every((column) => column.isVirtual === true); // todo: create metadata.hasOnlyVirtualPrimaryColumns
  if (hasOnlyVirtualPrimaryColumns && (hasRelations || hasRelationIds))
    return entity;
  return undefined;
}

function transformJoins(rawResults, entity, alias, metadata) {
  let hasData = false;
  // let discriminatorValue: string = "";
  // if (metadata.discriminatorColumn)
  //     discriminatorValue = rawResults[0][this.buildAlias(alias.name, alias.metadata.discriminatorColumn!.databaseName)];
  for (const join of this.expressionMap.joinAttributes) {
    // todo: we have problem here - when inner joins are used without selects it still create empty array
    // skip joins without metadata
    if (!join.metadata)
      continue;
    // if simple left or inner join was performed without selection then we don't need to do anything
    if (!join.isSelected)
      continue;
    // this check need to avoid setting properties than not belong to entity when single table inheritance used. (todo: check if we still need it)
    // const metadata = metadata.childEntityMetadatas.find(childEntityMetadata => discriminatorValue === childEntityMetadata.discriminatorValue);
    if (join.relation &&
      !metadata.relations.find((relation) => relation === join.relation))
      continue;
    // some checks to make sure this join is for current alias
    if (join.mapToProperty) {
      if (join.mapToPropertyParentAlias !== alias.name)
        continue;
    }
    else {
      if (!join.relation ||
        join.parentAlias !== alias.name ||
        join.relationPropertyPath !== join.relation.propertyPath)
        continue;
    }
    // transform joined data into entities
    let result = this.transform(rawResults, join.alias);
    result = !join.isMany ? result[0] : result;
    result = !join.isMany && result === undefined ? null : result; // this is needed to make relations to return null when its joined but nothing was found in the database
    // if nothing was joined then simply continue
    if (result === undefined)
      continue;
    // if join was mapped to some property then save result to that property
    if (join.mapToPropertyPropertyName) {
      entity[join.mapToPropertyPropertyName] = result; // todo: fix embeds
    }
    else {
      // otherwise set to relation
      join.relation.setEntityValue(entity, result);
    }
    hasData = true;
  }
  return hasData;
}

function transformRelationIds(rawSqlResults, alias, entity, metadata) {
  let hasData = false;
  for (const [index, rawRelationIdResult,] of this.rawRelationIdResults.entries()) {
    if (rawRelationIdResult.relationIdAttribute.parentAlias !==
      alias.name)
      continue;
    const relation = rawRelationIdResult.relationIdAttribute.relation;
    const valueMap = this.createValueMapFromJoinColumns(relation, rawRelationIdResult.relationIdAttribute.parentAlias, rawSqlResults);
    if (valueMap === undefined || valueMap === null) {
      continue;
    }
    // prepare common data for this call
    this.prepareDataForTransformRelationIds();
    // Extract idMaps from prepared data by hash
    const hash = this.hashEntityIds(relation, valueMap);
    const idMaps = this.relationIdMaps[index][hash] || [];
    // Map data to properties
    const properties = rawRelationIdResult.relationIdAttribute.mapToPropertyPropertyPath.split(".");
    const mapToProperty = (properties, map, value) => {
      const property = properties.shift();
      if (property && properties.length === 0) {
        map[property] = value;
        return map;
      }
      if (property && properties.length > 0) {
        if (typeof map[property] !== "object" ||
          map[property] === null) {
          map[property] = {};
        }
        mapToProperty(properties, map[property], value);
      }
      else {
        return map;
      }
    };
    if (relation.isOneToOne || relation.isManyToOne) {
      if (idMaps[0] !== undefined) {
        mapToProperty(properties, entity, idMaps[0]);
        hasData = true;
      }
    }
    else {
      mapToProperty(properties, entity, idMaps);
      hasData = hasData || idMaps.length > 0;
    }
  }
  return hasData;
}

module.exports = { group, getColumnsToProcess, transformColumns, transformRawResultsGroup, transformJoins, transformRelationIds };
