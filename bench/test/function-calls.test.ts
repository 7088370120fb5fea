import { callsByOwner, recordFunctionCalls, type CalledFunction } from "../src/function-calls";

describe("bench:profile --functions: the functions warm requests call, by whose code", () => {
  it("counts each owner's distinct functions and its calls a request, largest first, then all, leaving out what has no owner", () => {
    const called: CalledFunction[] = [
      { url: "/opt/nodejs/node_modules/@bookstore/orm/index.js", name: "getQuery", calls: 200 },
      { url: "/opt/nodejs/node_modules/@bookstore/orm/index.js", name: "", calls: 600 },
      { url: "/var/task/index.js", name: "handler", calls: 100 },
      { url: "node:internal/timers", name: "insert", calls: 300 },
      { url: "node:events", name: "emit", calls: 100 },
      { url: "node:net", name: "write", calls: 100 },
      { url: "/tmp/worker.js", name: "run", calls: 100 },
    ];
    const owner = (url: string) => (url === "/tmp/worker.js" ? undefined : url.startsWith("node:") ? "Node.js" : url.startsWith("/opt/") ? "the layer" : "the function's bundle");
    expect(callsByOwner(called, 100, owner)).toEqual([
      { owner: "Node.js", functions: 3, callsPerRequest: 5 },
      { owner: "the layer", functions: 2, callsPerRequest: 8 },
      { owner: "the function's bundle", functions: 1, callsPerRequest: 1 },
      { owner: "all", functions: 6, callsPerRequest: 14 },
    ]);
  });

  it("records only the functions called since it last handed them over, with their calls", async () => {
    const recorder = recordFunctionCalls();
    function calledThrice() {
      return 1;
    }
    function calledOnceLater() {
      return 2;
    }
    let first: CalledFunction[];
    let second: CalledFunction[];
    try {
      await recorder.take();
      for (let i = 0; i < 3; i += 1) calledThrice();
      first = await recorder.take();
      calledOnceLater();
      second = await recorder.take();
    } finally {
      recorder.stop();
    }
    const named = (calls: CalledFunction[], name: string) => calls.find((called) => called.name === name && called.url.endsWith("function-calls.test.ts"));
    expect(named(first, "calledThrice")?.calls).toBe(3);
    expect(named(first, "calledOnceLater")).toBeUndefined();
    expect(named(second, "calledOnceLater")?.calls).toBe(1);
    expect(named(second, "calledThrice")).toBeUndefined();
  });
});
