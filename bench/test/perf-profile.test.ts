import { parsePerfScript } from "../src/perf-profile";

const NODE = "/opt/node/bin/node";
// As `perf script -F tid,period,ip,sym,dso` prints samples of process 100 (thread 101 is another of its threads).
const SCRIPT = `100     100010 
	          c413eb v8::internal::StringTable::Data::TryStringToIndexOrLookupExisting<unsigned char> (${NODE})
	          a1b2c3 Builtins_KeyedStoreIC_Megamorphic (${NODE})
	    7f2d8000e126 JS:+'addFields /tmp/layer/index.js:9:4874 (/tmp/perf-100.map)
	    7f2d8000e200 JS:^run /tmp/worker.js:629:19 (/tmp/perf-100.map)

100     100010 
	    7f2d8000f000 RegExp.> src: '(\\d{1,})-(\\d{2})' flags: '' (/tmp/perf-100.map)
	          a1b2c4 Builtins_RegExpPrototypeExec (${NODE})
	    7f2d8000e300 JS:*' node:internal/process/task_queues:72:35 (/tmp/perf-100.map)

100     100010 
	ffffffff8d2c1a2b finish_task_switch.isra.0 ([kernel.kallsyms])
	          6fd350 uv__io_poll (${NODE})

100     200020 
	          e500e4 v8::internal::ScavengerCollector::CollectGarbage (${NODE})

100     100010 
	          e500e5 v8::internal::Runtime_NewObject (${NODE})

101     100010 
	          e500e6 v8::internal::compiler::PipelineImpl::OptimizeTurbofanGraph (${NODE})

101     300030 
	          e500e7 v8::internal::maglev::MaglevCompiler::Compile (${NODE})
`;

describe("bench:profile --perf: perf's samples of a process, charged as V8's profile charges them", () => {
  const { mainThread, otherThreadsMicros } = parsePerfScript(SCRIPT, 100);
  const chargedTo = (name: string) => mainThread.filter(({ callFrame }) => callFrame.functionName === name);

  test("a sample in V8's built-ins or runtime goes to the nearest JavaScript function on its stack, at its place counted from 0", () => {
    expect(chargedTo("addFields")).toEqual([{ callFrame: { functionName: "addFields", url: "/tmp/layer/index.js", lineNumber: 8, columnNumber: 4873 }, micros: 100.01 }]);
    expect(chargedTo("run")).toEqual([]);
  });

  test("a regular expression's code is not a function: its sample goes to the one that ran it, named or not, in a file or in Node.js", () => {
    expect(chargedTo("")).toEqual([{ callFrame: { functionName: "", url: "node:internal/process/task_queues", lineNumber: 71, columnNumber: 34 }, micros: 100.01 }]);
  });

  test("a sample with no JavaScript on its stack: the kernel's, the collector's or other native code, by its innermost frame", () => {
    expect(chargedTo("(kernel)").map(({ micros }) => micros)).toEqual([100.01]);
    expect(chargedTo("(garbage collector)").map(({ micros }) => micros)).toEqual([200.02]);
    expect(chargedTo("(native)").map(({ micros }) => micros)).toEqual([100.01]);
  });

  test("the other threads' samples are summed apart, by their periods", () => {
    expect(otherThreadsMicros).toBeCloseTo(400.04);
    expect(mainThread.reduce((sum, { micros }) => sum + micros, 0)).toBeCloseTo(600.06);
  });
});
