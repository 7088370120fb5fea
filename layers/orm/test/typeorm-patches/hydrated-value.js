// TypeORM 1.1.3's PostgresDriver#prepareHydratedValue as published (MIT
// License, Copyright (c) 2015-2026 TypeORM), unpatched: the reference the
// patched one must agree with.
const ApplyValueTransformers_1 = require("typeorm/util/ApplyValueTransformers.js");
const DateUtils_1 = require("typeorm/util/DateUtils.js");

module.exports = function prepareHydratedValue(value, columnMetadata) {
  if (value === null || value === undefined)
    return columnMetadata.transformer
      ? ApplyValueTransformers_1.ApplyValueTransformers.transformFrom(columnMetadata.transformer, value)
      : value;
  if (columnMetadata.type === Boolean) {
    value = value ? true : false;
  }
  else if (columnMetadata.type === "datetime" ||
    columnMetadata.type === Date ||
    columnMetadata.type === "timestamp" ||
    columnMetadata.type === "timestamptz" ||
    columnMetadata.type === "timestamp with time zone" ||
    columnMetadata.type === "timestamp without time zone") {
    value = DateUtils_1.DateUtils.normalizeHydratedDate(value);
  }
  else if (columnMetadata.type === "date") {
    value = DateUtils_1.DateUtils.mixedDateToDateString(value, {
      utc: columnMetadata.utc,
    });
  }
  else if (columnMetadata.type === "time") {
    value = DateUtils_1.DateUtils.mixedTimeToString(value);
  }
  else if (columnMetadata.type === "vector" ||
    columnMetadata.type === "halfvec") {
    if (typeof value === "string" &&
      value.startsWith("[") &&
      value.endsWith("]")) {
      if (value === "[]")
        return [];
      return value.slice(1, -1).split(",").map(Number);
    }
  }
  else if (columnMetadata.type === "hstore") {
    if (columnMetadata.hstoreType === "object") {
      const unescapeString = (str) => str.replaceAll(/\\./g, (m) => m[1]);
      const regexp = /"([^"\\]*(?:\\.[^"\\]*)*)"=>(?:(NULL)|"([^"\\]*(?:\\.[^"\\]*)*)")(?:,|$)/g;
      const object = {};
      `${value}`.replaceAll(regexp, (_, key, nullValue, stringValue) => {
        object[unescapeString(key)] = nullValue
          ? null
          : unescapeString(stringValue);
        return "";
      });
      value = object;
    }
  }
  else if (columnMetadata.type === "simple-array") {
    value = DateUtils_1.DateUtils.stringToSimpleArray(value);
  }
  else if (columnMetadata.type === "simple-json") {
    value = DateUtils_1.DateUtils.stringToSimpleJson(value);
  }
  else if (columnMetadata.type === "cube") {
    value = value.replaceAll(/[()\s]+/g, ""); // remove whitespace
    if (columnMetadata.isArray) {
      /**
      * Strips these groups from `{"1,2,3","",NULL}`:
      * 1. ["1,2,3", undefined]  <- cube of arity 3
      * 2. ["", undefined]         <- cube of arity 0
      * 3. [undefined, "NULL"]     <- NULL
      */
      const regexp = /(?:"((?:[\d\s.,])*)")|(?:(NULL))/g;
      const unparsedArrayString = value;
      value = [];
      let cube;
      // Iterate through all regexp matches for cubes/null in array
      while ((cube = regexp.exec(unparsedArrayString)) !== null) {
        if (cube[1] !== undefined) {
          value.push(cube[1].split(",").filter(Boolean).map(Number));
        }
        else {
          value.push(undefined);
        }
      }
    }
    else {
      value = value.split(",").filter(Boolean).map(Number);
    }
  }
  else if (columnMetadata.type === "enum" ||
    columnMetadata.type === "simple-enum") {
    if (columnMetadata.isArray) {
      if (value === "{}")
        return [];
      // manually convert enum array to array of values (pg does not support, see https://github.com/brianc/node-pg-types/issues/56)
      value = value
        .slice(1, -1)
        .split(",")
        .map((val) => {
        // replace double quotes from the beginning and from the end
        if (val.startsWith(`"`) && val.endsWith(`"`))
          val = val.slice(1, -1);
        // replace escaped backslash and double quotes
        return val.replaceAll(/\\(\\|")/g, "$1");
      });
      // convert to number if that exists in possible enum options
      value = value.map((val) => {
        return !isNaN(+val) &&
          columnMetadata.enum.indexOf(parseInt(val)) >= 0
          ? parseInt(val)
          : val;
      });
    }
    else {
      // convert to number if that exists in possible enum options
      value =
        !isNaN(+value) &&
          columnMetadata.enum.indexOf(parseInt(value)) >= 0
          ? parseInt(value)
          : value;
    }
  }
  else if (columnMetadata.type === Number) {
    // convert to number if number
    value = !isNaN(+value) ? parseInt(value) : value;
  }
  if (columnMetadata.transformer)
    value = ApplyValueTransformers_1.ApplyValueTransformers.transformFrom(columnMetadata.transformer, value);
  return value;
};
