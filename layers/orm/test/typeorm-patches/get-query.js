// TypeORM 1.1.3's SelectQueryBuilder#getQuery as published (MIT License,
// Copyright (c) 2015-2026 TypeORM), unpatched: the reference the patched one
// must agree with.
module.exports = function getQuery() {
  let sql = this.createComment();
  sql += this.createCteExpression();
  sql += this.createSelectExpression();
  sql += this.createJoinExpression();
  sql += this.createWhereExpression();
  sql += this.createGroupByExpression();
  sql += this.createHavingExpression();
  sql += this.createOrderByExpression();
  sql += this.createLimitOffsetExpression();
  sql += this.createLockExpression();
  sql = sql.trim();
  if (this.expressionMap.subQuery)
    sql = "(" + sql + ")";
  return this.replacePropertyNamesForTheWholeQuery(sql);
};
