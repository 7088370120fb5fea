// TypeORM 1.1.3's EntityMetadata#create as published (MIT License,
// Copyright (c) 2015-2026 TypeORM), unpatched: the reference the patched one
// must agree with.
module.exports = function create(queryRunner, options) {
  const pojo = options?.pojo === true ? true : false;
  // if target is set to a function (e.g. class) that can be created then create it
  let ret;
  if (typeof this.target === "function" && !pojo) {
    if (!options?.fromDeserializer || this.isAlwaysUsingConstructor) {
      ret = new this.target();
    }
    else {
      ret = Object.create(this.target.prototype);
    }
  }
  else {
    // otherwise simply return a new empty object
    ret = {};
  }
  // add "typename" property
  if (this.dataSource.options.typename) {
    ret[this.dataSource.options.typename] = this.targetName;
  }
  this.lazyRelations.forEach((relation) => this.dataSource.relationLoader.enableLazyLoad(relation, ret, queryRunner));
  return ret;
};
