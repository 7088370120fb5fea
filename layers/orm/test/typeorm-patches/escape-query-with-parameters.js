// TypeORM 1.1.3's PostgresDriver#escapeQueryWithParameters as published (MIT
// License, Copyright (c) 2015-2026 TypeORM), unpatched: the reference the
// patched one must agree with.
module.exports = function escapeQueryWithParameters(sql, parameters) {
  const escapedParameters = [];
  if (!parameters || !Object.keys(parameters).length) return [sql, escapedParameters];
  const parameterIndexMap = new Map();
  sql = sql.replaceAll(/:(\.\.\.)?([A-Za-z0-9_.]+)/g, (full, isArray, key) => {
    if (!parameters.hasOwnProperty(key)) {
      return full;
    }
    if (parameterIndexMap.has(key)) {
      return this.parametersPrefix + parameterIndexMap.get(key);
    }
    const value = parameters[key];
    if (isArray) {
      return value
        .map((v) => {
          escapedParameters.push(v);
          return this.createParameter(key, escapedParameters.length - 1);
        })
        .join(", ");
    }
    if (typeof value === "function") {
      return value();
    }
    escapedParameters.push(value);
    parameterIndexMap.set(key, escapedParameters.length);
    return this.createParameter(key, escapedParameters.length - 1);
  });
  return [sql, escapedParameters];
};
