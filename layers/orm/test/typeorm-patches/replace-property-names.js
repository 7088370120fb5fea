// TypeORM 1.1.3's QueryBuilder#replacePropertyNamesForTheWholeQuery as
// published (MIT License, Copyright (c) 2015-2026 TypeORM), unpatched: the
// reference the patched one must agree with.
const { escapeRegExp } = require("typeorm/util/escapeRegExp.js");

module.exports = function replacePropertyNamesForTheWholeQuery(statement) {
  const replacements = {};
  for (const alias of this.expressionMap.aliases) {
    if (!alias.hasMetadata) continue;
    const replaceAliasNamePrefix = this.expressionMap.aliasNamePrefixingEnabled && alias.name ? `${alias.name}.` : "";
    if (!replacements[replaceAliasNamePrefix]) {
      replacements[replaceAliasNamePrefix] = {};
    }
    for (const relation of alias.metadata.relations) {
      if (relation.joinColumns.length > 0) replacements[replaceAliasNamePrefix][relation.propertyPath] = relation.joinColumns[0].databaseName;
    }
    for (const relation of alias.metadata.relations) {
      const allColumns = [...relation.joinColumns, ...relation.inverseJoinColumns];
      for (const joinColumn of allColumns) {
        const propertyKey = `${relation.propertyPath}.${joinColumn.referencedColumn.propertyPath}`;
        replacements[replaceAliasNamePrefix][propertyKey] = joinColumn.databaseName;
      }
    }
    for (const column of alias.metadata.columns) {
      replacements[replaceAliasNamePrefix][column.databaseName] = column.databaseName;
    }
    for (const column of alias.metadata.columns) {
      replacements[replaceAliasNamePrefix][column.propertyName] = column.databaseName;
    }
    for (const column of alias.metadata.columns) {
      replacements[replaceAliasNamePrefix][column.propertyPath] = column.databaseName;
    }
  }
  const replacementKeys = Object.keys(replacements);
  const replaceAliasNamePrefixes = replacementKeys.map((key) => escapeRegExp(key)).join("|");
  if (replacementKeys.length > 0) {
    statement = statement.replaceAll(
      new RegExp(`([ =(]|^.{0})` + `${replaceAliasNamePrefixes ? "(" + replaceAliasNamePrefixes + ")" : ""}([^ =(),]+)` + `(?=[ =),]|.{0}$)`, "gm"),
      (...matches) => {
        let match, pre, p;
        if (replaceAliasNamePrefixes) {
          match = matches[0];
          pre = matches[1];
          p = matches[3];
          if (replacements[matches[2]][p]) {
            return `${pre}${this.escape(matches[2].slice(0, -1))}.${this.escape(replacements[matches[2]][p])}`;
          }
        } else {
          match = matches[0];
          pre = matches[1];
          p = matches[2];
          if (replacements[""][p]) {
            return `${pre}${this.escape(replacements[""][p])}`;
          }
        }
        return match;
      },
    );
  }
  return statement;
};
