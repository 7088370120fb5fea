import { functionTable, instructionsByFunction, parsePerfMap, perInvocationByFunction } from "../src/function-instructions";

// As V8 writes it with --perf-basic-prof: the same space reused by later code.
const PERF_MAP = `1a53000 3f8 Builtin:DeoptimizationEntry_Eager
2822f740 200 JS:+'getQuery /tmp/bookstore-bench-cdk-Ab12/asset.f07e/nodejs/node_modules/@bookstore/orm/index.js:4:61111
2819a400 100 JS:~parseField /tmp/x/index.js:25:20610
2819a400 200 JS:*'parseField /tmp/x/index.js:25:20612
`;

// As callgrind_annotate --inclusive=no lists a count.
const annotated = (scale: number) => `--------------------------------------------------------------------------------
Ir
--------------------------------------------------------------------------------
${(1_020 * scale).toLocaleString("en")} (100.0%)  PROGRAM TOTALS

--------------------------------------------------------------------------------
Ir                       file:function
--------------------------------------------------------------------------------
${(300 * scale).toLocaleString("en")} (30.00%)  ???:Builtins_LoadIC [/opt/node/bin/node]
${(100 * scale).toLocaleString("en")} (10.00%)  ???:Builtins_LoadIC'2 [/opt/node/bin/node]
${(250 * scale).toLocaleString("en")} (25.00%)  ???:0x000000002822f7c0 [???]
${(200 * scale).toLocaleString("en")} (20.00%)  ???:0x000000002819a4c0 [???]
${(50 * scale).toLocaleString("en")} ( 5.00%)  ???:0x0000000000000010 [???]
${(100 * scale).toLocaleString("en")} (10.00%)  ???:v8::internal::String::ComputeAndSetRawHash(v8::internal::SharedStringAccessGuardIfNeeded const&) [/opt/node/bin/node]
${(20 * scale).toLocaleString("en")} ( 2.00%)  ???:v8::internal::(anonymous namespace)::IterateObjectCache(v8::internal::Isolate*, v8::internal::Root) [/opt/node/bin/node]
`;

describe("bench:instructions --by-function: a callgrind count per function, compiled JavaScript named from V8's perf map", () => {
  const map = parsePerfMap(PERF_MAP);

  test("names an address inside compiled code by its latest code, without folders or tier; merges re-entered functions; keeps what it cannot name", () => {
    expect(Object.fromEntries(instructionsByFunction(annotated(1), map))).toEqual({
      Builtins_LoadIC: 400,
      "JS:getQuery index.js:4:61111": 250,
      // 0x2819a4c0 lies inside both: the second was compiled into the first one's space.
      "JS:parseField index.js:25:20612": 200,
      "0x0000000000000010": 50,
      "v8::internal::String::ComputeAndSetRawHash": 100,
      "v8::internal::{anonymous}::IterateObjectCache": 20,
    });
  });

  test("per invocation: what the longer count executed beyond the shorter, over the invocations it ran more", () => {
    const perInvocation = perInvocationByFunction(instructionsByFunction(annotated(1), map), instructionsByFunction(annotated(3), map), 100);
    expect(perInvocation.get("Builtins_LoadIC")).toBe(8);
    expect(perInvocation.get("JS:getQuery index.js:4:61111")).toBe(5);
  });

  test("the table puts first where the project executes the most beyond the baseline", () => {
    const table = functionTable(
      new Map([
        ["Builtins_LoadIC", 10],
        ["JS:a|b", 30],
        ["only the baseline's", 0],
      ]),
      new Map([
        ["Builtins_LoadIC", 8],
        ["only the baseline's", 5],
      ]),
      2,
    ).split("\n");
    expect(table.slice(2)).toEqual(["| 30 | 0 | 30 | JS:a\\|b |", "| 10 | 8 | 2 | Builtins_LoadIC |"]);
  });
});
