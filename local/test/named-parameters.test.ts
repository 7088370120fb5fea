import { toPositional } from "../src/rds-data-api/named-parameters";

describe("toPositional", () => {
  test.each([
    ["SELECT :a, :b, :a", "SELECT $1, $2, $1", ["a", "b"]],
    ["SELECT x::int FROM t WHERE y = :y_1", "SELECT x::int FROM t WHERE y = $1", ["y_1"]],
    ["SELECT ':not', \"col:umn\", $$ :neither $$ FROM t WHERE z = :z", "SELECT ':not', \"col:umn\", $$ :neither $$ FROM t WHERE z = $1", ["z"]],
    ["SELECT 1 -- :comment\n, :v /* :block */", "SELECT 1 -- :comment\n, $1 /* :block */", ["v"]],
    ["SELECT 'it''s :quoted', :q", "SELECT 'it''s :quoted', $1", ["q"]],
    ["SELECT :1", "SELECT :1", []],
  ])("%j", (sql, text, names) => {
    expect(toPositional(sql)).toEqual({ text, names });
  });

  test("the placeholder can carry a cast", () => {
    expect(toPositional("SELECT :at", (_name, position) => `$${position}::timestamp`).text).toBe("SELECT $1::timestamp");
  });
});
