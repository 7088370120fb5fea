// TypeORM 1.1.3's QueryBuilder#setParameter, #createParameter and #getTableName as published
// (MIT License, Copyright (c) 2015-2026 TypeORM), unpatched: the reference the
// patched ones must agree with.
const { TypeORMError } = require("typeorm/error/TypeORMError.js");

module.exports = {
  setParameter(key, value) {
    if (typeof value === "function") {
      throw new TypeORMError(`Function parameter isn't supported in the parameters. Please check "${key}" parameter.`);
    }
    if (!key.match(/^([A-Za-z0-9_.]+)$/)) {
      throw new TypeORMError("QueryBuilder parameter keys may only contain numbers, letters, underscores, or periods.");
    }
    if (this.parentQueryBuilder) {
      this.parentQueryBuilder.setParameter(key, value);
    }
    this.expressionMap.parameters[key] = value;
    return this;
  },
  createParameter(value) {
    let parameterName;
    do {
      parameterName = `orm_param_${this.parameterIndex++}`;
    } while (this.hasParameter(parameterName));
    this.setParameter(parameterName, value);
    return `:${parameterName}`;
  },
  getTableName(tablePath) {
    return tablePath
      .split(".")
      .map((i) => {
        // this condition need because in SQL Server driver when custom database name was specified and schema name was not, we got `dbName..tableName` string, and doesn't need to escape middle empty string
        if (i === "") return i;
        return this.escape(i);
      })
      .join(".");
  },
};
