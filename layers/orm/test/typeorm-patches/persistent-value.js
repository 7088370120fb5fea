// TypeORM 1.1.3's PostgresDriver#preparePersistentValue as published (MIT
// License, Copyright (c) 2015-2026 TypeORM), unpatched: the reference the
// patched one must agree with.
const ApplyValueTransformers_1 = require("typeorm/util/ApplyValueTransformers.js");
const DateUtils_1 = require("typeorm/util/DateUtils.js");

module.exports = function preparePersistentValue(value, columnMetadata) {
    if (columnMetadata.transformer)
        value = ApplyValueTransformers_1.ApplyValueTransformers.transformTo(columnMetadata.transformer, value);
    if (value === null || value === undefined)
        return value;
    if (columnMetadata.type === Boolean) {
        return value === true ? 1 : 0;
    }
    else if (columnMetadata.type === "date") {
        return DateUtils_1.DateUtils.mixedDateToDateString(value, {
            utc: columnMetadata.utc,
        });
    }
    else if (columnMetadata.type === "time") {
        return DateUtils_1.DateUtils.mixedDateToTimeString(value);
    }
    else if (columnMetadata.type === "datetime" ||
        columnMetadata.type === Date ||
        columnMetadata.type === "timestamp" ||
        columnMetadata.type === "timestamptz" ||
        columnMetadata.type === "timestamp with time zone" ||
        columnMetadata.type === "timestamp without time zone") {
        return DateUtils_1.DateUtils.mixedDateToDate(value);
    }
    else if (columnMetadata.type === "point") {
        if (typeof value === "object" &&
            value.x !== undefined &&
            value.y !== undefined) {
            return `(${value.x},${value.y})`;
        }
        return value;
    }
    else if (columnMetadata.type === "circle") {
        if (typeof value === "object" &&
            value.x !== undefined &&
            value.y !== undefined &&
            value.radius !== undefined) {
            return `<(${value.x},${value.y}),${value.radius}>`;
        }
        return value;
    }
    else if (["json", "jsonb", ...this.spatialTypes].indexOf(columnMetadata.type) >= 0) {
        return JSON.stringify(value);
    }
    else if (columnMetadata.type === "vector" ||
        columnMetadata.type === "halfvec") {
        if (Array.isArray(value)) {
            return `[${value.join(",")}]`;
        }
        else {
            return value;
        }
    }
    else if (columnMetadata.type === "hstore") {
        if (typeof value === "string") {
            return value;
        }
        else {
            // https://www.postgresql.org/docs/9.0/hstore.html
            const quoteString = (value) => {
                // If a string to be quoted is `null` or `undefined`, we return a literal unquoted NULL.
                // This way, NULL values can be stored in the hstore object.
                if (value === null || typeof value === "undefined") {
                    return "NULL";
                }
                // Convert non-null values to string since HStore only stores strings anyway.
                // To include a double quote or a backslash in a key or value, escape it with a backslash.
                return `"${`${value}`.replaceAll(/(?=["\\])/g, "\\")}"`;
            };
            return Object.keys(value)
                .map((key) => quoteString(key) + "=>" + quoteString(value[key]))
                .join(",");
        }
    }
    else if (columnMetadata.type === "simple-array") {
        return DateUtils_1.DateUtils.simpleArrayToString(value);
    }
    else if (columnMetadata.type === "simple-json") {
        return DateUtils_1.DateUtils.simpleJsonToString(value);
    }
    else if (columnMetadata.type === "cube") {
        if (columnMetadata.isArray) {
            return `{${value
                .map((cube) => `"(${cube.join(",")})"`)
                .join(",")}}`;
        }
        return `(${value.join(",")})`;
    }
    else if (columnMetadata.type === "ltree") {
        return value
            .split(".")
            .filter(Boolean)
            .join(".")
            .replaceAll(/[\s]+/g, "_");
    }
    else if ((columnMetadata.type === "enum" ||
        columnMetadata.type === "simple-enum") &&
        !columnMetadata.isArray) {
        return "" + value;
    }
    return value;
};
