// TypeORM 1.1.3's EntityMetadata#findColumnWithDatabaseName and
// #getInsertionReturningColumns as published (MIT License, Copyright (c)
// 2015-2026 TypeORM), unpatched: the reference the patched ones must agree with.
module.exports = {
  findColumnWithDatabaseName(databaseName) {
    return this.columns.find((column) => column.databaseName === databaseName);
  },
  getInsertionReturningColumns() {
    return this.columns.filter((column) => {
      return (
        column.default !== undefined ||
        column.asExpression !== undefined ||
        column.isGenerated ||
        column.isCreateDate ||
        column.isUpdateDate ||
        column.isDeleteDate ||
        column.isVersion
      );
    });
  },
};
