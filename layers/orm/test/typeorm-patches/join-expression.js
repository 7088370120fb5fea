// TypeORM 1.1.3's SelectQueryBuilder#createJoinExpression as published (MIT
// License, Copyright (c) 2015-2026 TypeORM), unpatched: the reference the
// patched one must agree with.
module.exports = function createJoinExpression() {
  // preprocess join attributes by nesting them when necessary
  const joinAttributeTrees = this.expressionMap.joinAttributes.reduce(({ trees, mappedTrees }, joinAttribute) => {
    const destinationTableAlias = joinAttribute.alias.name;
    const existingTree = joinAttribute.parentAlias
      ? mappedTrees[joinAttribute.parentAlias]
      : undefined;
    const joinAttributeTree = {
      children: [],
      joinAttribute,
    };
    if (existingTree) {
      existingTree.children.push(joinAttributeTree);
    }
    else {
      trees.push(joinAttributeTree);
    }
    mappedTrees[destinationTableAlias] = joinAttributeTree;
    return { trees, mappedTrees };
  }, { trees: [], mappedTrees: {} });
  const joinStatements = joinAttributeTrees.trees.map((joinTree) => {
    return this.createJoinTreeRecursively(joinTree);
  });
  return joinStatements.join(" ");
};
