// TypeORM 1.1.3's ColumnMetadata constructor as published (MIT License,
// Copyright (c) 2015-2026 TypeORM), unpatched: the reference the patched one
// must agree with. Its methods are the installed class's.
const { ColumnMetadata } = require("typeorm/metadata/ColumnMetadata.js");
const { ObjectUtils } = require("typeorm/util/ObjectUtils.js");
const ObjectUtils_1 = { ObjectUtils };

function PublishedColumnMetadata(options) {
  this["@instanceof"] = Symbol.for("ColumnMetadata");
  this.length = "";
  this.isPrimary = false;
  this.isGenerated = false;
  this.isNullable = false;
  this.isSelect = true;
  this.isInsert = true;
  this.isUpdate = true;
  this.utc = false;
  this.unsigned = false;
  this.isArray = false;
  this.isVirtual = false;
  this.isVirtualProperty = false;
  this.isDiscriminator = false;
  this.isTreeLevel = false;
  this.isCreateDate = false;
  this.isUpdateDate = false;
  this.isDeleteDate = false;
  this.isVersion = false;
  this.isObjectId = false;
  this.isNestedSetLeft = false;
  this.isNestedSetRight = false;
  this.isMaterializedPath = false;
  this.entityMetadata = options.entityMetadata;
  const driver = this.entityMetadata.dataSource.driver;
  this.embeddedMetadata = options.embeddedMetadata;
  this.referencedColumn = options.referencedColumn;
  if (options.args.target)
    this.target = options.args.target;
  if (options.args.propertyName)
    this.propertyName = options.args.propertyName;
  if (options.args.options.name)
    this.givenDatabaseName = options.args.options.name;
  if (options.args.options.type)
    this.type = options.args.options.type;
  if (options.args.options.length)
    this.length = options.args.options.length
      ? options.args.options.length.toString()
      : "";
  if (options.args.options.charset)
    this.charset = options.args.options.charset;
  if (options.args.options.collation)
    this.collation = options.args.options.collation;
  if (options.args.options.primary)
    this.isPrimary = options.args.options.primary;
  if (options.args.options.default === null)
    // to make sure default: null is the same as nullable: true
    this.isNullable = true;
  if (options.args.options.nullable !== undefined)
    this.isNullable = options.args.options.nullable;
  if (options.args.options.select !== undefined)
    this.isSelect = options.args.options.select;
  if (options.args.options.insert !== undefined)
    this.isInsert = options.args.options.insert;
  if (options.args.options.utc !== undefined)
    this.utc = options.args.options.utc;
  if (options.args.options.update !== undefined)
    this.isUpdate = options.args.options.update;
  if (options.args.options.comment)
    this.comment = options.args.options.comment;
  if (options.args.options.default !== undefined)
    this.default = options.args.options.default;
  if (options.args.options.onUpdate)
    this.onUpdate = options.args.options.onUpdate;
  if (options.args.options.generatedIdentity)
    this.generatedIdentity = options.args.options.generatedIdentity;
  if (options.args.options.scale !== null &&
    options.args.options.scale !== undefined)
    this.scale = options.args.options.scale;
  if (options.args.options.unsigned)
    this.unsigned = options.args.options.unsigned;
  if (options.args.options.precision !== null)
    this.precision = options.args.options.precision;
  if (options.args.options.enum) {
    if (ObjectUtils_1.ObjectUtils.isObject(options.args.options.enum) &&
      !Array.isArray(options.args.options.enum)) {
      this.enum = Object.keys(options.args.options.enum)
        // remove numeric keys - typescript numeric enum types generate them
        .filter((key) => isNaN(+key) &&
        typeof options.args.options.enum[key] !== "function")
        .map((key) => options.args.options.enum[key]);
    }
    else {
      this.enum = options.args.options.enum;
    }
  }
  if (options.args.options.enumName) {
    this.enumName = options.args.options.enumName;
  }
  if (options.args.options.primaryKeyConstraintName) {
    this.primaryKeyConstraintName =
      options.args.options.primaryKeyConstraintName;
  }
  if (options.args.options.foreignKeyConstraintName) {
    this.foreignKeyConstraintName =
      options.args.options.foreignKeyConstraintName;
  }
  if (options.args.options.asExpression) {
    this.asExpression = options.args.options.asExpression;
    this.generatedType = options.args.options.generatedType ?? "VIRTUAL";
  }
  if (options.args.options.hstoreType)
    this.hstoreType = options.args.options.hstoreType;
  if (options.args.options.array)
    this.isArray = options.args.options.array;
  if (options.args.mode) {
    this.isVirtualProperty = options.args.mode === "virtual-property";
    this.isVirtual = options.args.mode === "virtual";
    this.isTreeLevel = options.args.mode === "treeLevel";
    this.isCreateDate = options.args.mode === "createDate";
    this.isUpdateDate = options.args.mode === "updateDate";
    this.isDeleteDate = options.args.mode === "deleteDate";
    this.isVersion = options.args.mode === "version";
    this.isObjectId = options.args.mode === "objectId";
  }
  if (this.isVirtualProperty) {
    this.isInsert = false;
    this.isUpdate = false;
  }
  if (options.args.options.transformer)
    this.transformer = options.args.options.transformer;
  if (options.args.options.spatialFeatureType)
    this.spatialFeatureType = options.args.options.spatialFeatureType;
  if (options.args.options.srid !== undefined)
    this.srid = options.args.options.srid;
  if (options.args.options.query)
    this.query = options.args.options.query;
  if (this.isTreeLevel)
    this.type = driver.mappedDataTypes.treeLevel;
  if (this.isCreateDate) {
    if (!this.type)
      this.type = driver.mappedDataTypes.createDate;
    this.default ??= () => driver.mappedDataTypes.createDateDefault;
    // skip precision if it was explicitly set to "null" in column options. Otherwise use default precision if it exist.
    if (this.precision === undefined &&
      options.args.options.precision === undefined &&
      driver.mappedDataTypes.createDatePrecision)
      this.precision = driver.mappedDataTypes.createDatePrecision;
  }
  if (this.isUpdateDate) {
    if (!this.type)
      this.type = driver.mappedDataTypes.updateDate;
    this.default ??= () => driver.mappedDataTypes.updateDateDefault;
    this.onUpdate ??= driver.mappedDataTypes.updateDateDefault;
    // skip precision if it was explicitly set to "null" in column options. Otherwise use default precision if it exist.
    if (this.precision === undefined &&
      options.args.options.precision === undefined &&
      driver.mappedDataTypes.updateDatePrecision)
      this.precision = driver.mappedDataTypes.updateDatePrecision;
  }
  if (this.isDeleteDate) {
    if (!this.type)
      this.type = driver.mappedDataTypes.deleteDate;
    if (!this.isNullable)
      this.isNullable = driver.mappedDataTypes.deleteDateNullable;
    // skip precision if it was explicitly set to "null" in column options. Otherwise use default precision if it exist.
    if (this.precision === undefined &&
      options.args.options.precision === undefined &&
      driver.mappedDataTypes.deleteDatePrecision)
      this.precision = driver.mappedDataTypes.deleteDatePrecision;
  }
  if (this.isVersion)
    this.type = driver.mappedDataTypes.version;
  if (options.closureType)
    this.closureType = options.closureType;
  if (options.nestedSetLeft)
    this.isNestedSetLeft = options.nestedSetLeft;
  if (options.nestedSetRight)
    this.isNestedSetRight = options.nestedSetRight;
  if (options.materializedPath)
    this.isMaterializedPath = options.materializedPath;
}
PublishedColumnMetadata.prototype = ColumnMetadata.prototype;

module.exports = { PublishedColumnMetadata };
