// TypeORM 1.1.3's JoinAttribute#isSelected getter as published (MIT License,
// Copyright (c) 2015-2026 TypeORM), unpatched: the reference the patched one
// must agree with.
module.exports = {
  get isSelected() {
    if (!this.isSelectedEvaluated) {
      const getValue = () => {
        for (const select of this.queryExpressionMap.selects) {
          if (select.selection === this.alias.name) return true;
          if (this.metadata && !!this.metadata.columns.find((column) => select.selection === this.alias.name + "." + column.propertyPath)) return true;
        }
        return false;
      };
      this.isSelectedCache = getValue();
      this.isSelectedEvaluated = true;
    }
    return this.isSelectedCache;
  },
};
