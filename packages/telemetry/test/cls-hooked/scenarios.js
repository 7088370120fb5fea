// Runs the same uses of a cls-hooked namespace against the implementation
// at process.argv[2] and prints what each saw, as JSON: the test compares
// the published implementation's answers with the patched one's. A process
// of its own, as the published one installs async hooks it never removes.
"use strict";
const { EventEmitter } = require("node:events");
const cls = require(process.argv[2]);

const tick = () => new Promise((resolve) => setImmediate(resolve));
const later = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

const scenarios = {
  // AWS X-Ray's Lambda mode: one context entered at start, never exited.
  async rootEnteredAtStart(ns, seen) {
    // Callbacks scheduled before the context is entered (as the Lambda
    // runtime's loop is before a handler module loads) run in it too.
    const scheduledBefore = [
      new Promise((resolve) => setTimeout(() => resolve(ns.get("segment")), 1)),
      Promise.resolve().then(() => ns.get("segment")),
    ];
    const before = tick();
    ns.enter(ns.createContext());
    ns.set("segment", "facade");
    seen.push(...(await Promise.all(scheduledBefore)));
    await before;
    seen.push(ns.get("segment"));
    await later(1);
    seen.push(ns.get("segment"));
    setImmediate(() => seen.push(ns.get("segment")));
    process.nextTick(() => seen.push(ns.get("segment")));
    await tick();
    const emitter = new EventEmitter();
    emitter.on("x", () => seen.push(ns.get("segment")));
    emitter.emit("x");
  },
  // What the project's telemetry does: set a subsegment, await, set the parent back.
  async setAcrossAwaits(ns, seen) {
    ns.enter(ns.createContext());
    ns.set("segment", "parent");
    const unit = async (name) => {
      const parent = ns.get("segment");
      ns.set("segment", name);
      try {
        await later(1);
        seen.push(ns.get("segment"));
        await tick();
        seen.push(ns.get("segment"));
      } finally {
        ns.set("segment", parent);
      }
    };
    await unit("route");
    seen.push(ns.get("segment"));
    await unit("database");
    seen.push(ns.get("segment"));
  },
  async runsAreApart(ns, seen) {
    let twoDone;
    const gate = new Promise((resolve) => (twoDone = resolve));
    const one = ns.runAndReturn(async () => {
      ns.set("who", "one");
      await gate;
      seen.push(["one", ns.get("who")]);
    });
    const two = ns.runAndReturn(async () => {
      ns.set("who", "two");
      await later(1);
      seen.push(["two", ns.get("who")]);
      twoDone();
    });
    await Promise.all([one, two]);
    seen.push(["outside", ns.get("who") ?? null]);
  },
  async childrenInherit(ns, seen) {
    await ns.runAndReturn(async () => {
      ns.set("a", 1);
      await ns.runAndReturn(async () => {
        ns.set("b", 2);
        await tick();
        seen.push([ns.get("a"), ns.get("b")]);
      });
      seen.push([ns.get("a"), ns.get("b") ?? null]);
    });
  },
  async runReturnsItsContext(ns, seen) {
    const context = ns.run((inside) => {
      ns.set("k", "v");
      seen.push(inside === ns.active);
    });
    seen.push(context.k, ns.get("k") ?? null);
  },
  async boundKeepsItsContext(ns, seen) {
    let bound;
    ns.run(() => {
      ns.set("k", "at bind");
      bound = ns.bind(function (x) {
        return [this && this.tag, x, ns.get("k")];
      });
    });
    ns.run(() => {
      ns.set("k", "at call");
      seen.push(bound.call({ tag: "this" }, 7));
    });
    const unbound = ns.bind(() => ns.get("k") ?? null);
    seen.push(unbound());
  },
  async errorsCarryTheirContext(ns, seen) {
    try {
      ns.run(() => {
        ns.set("k", "failing");
        throw new Error("boom");
      });
    } catch (error) {
      seen.push(error.message, ns.fromException(error).k);
    }
  },
  async runPromiseResolves(ns, seen) {
    const value = await ns.runPromise(async () => {
      ns.set("k", "p");
      await tick();
      return ns.get("k");
    });
    seen.push(value);
    try {
      await ns.runPromise(async () => {
        ns.set("k", "rejected");
        throw new Error("no");
      });
    } catch (error) {
      seen.push(error.message, ns.fromException(error).k);
    }
  },
  async emittersKeepTheContextTheyWereBoundIn(ns, seen) {
    const emitter = new EventEmitter();
    ns.run(() => {
      ns.set("k", "listener's");
      ns.bindEmitter(emitter);
      emitter.on("x", () => seen.push(ns.get("k")));
    });
    ns.run(() => {
      ns.set("k", "emitter's");
      emitter.emit("x");
    });
  },
  async enterAndExitInsideARun(ns, seen) {
    await ns.runAndReturn(async () => {
      ns.set("k", "run");
      const entered = ns.createContext();
      ns.enter(entered);
      ns.set("k", "entered");
      seen.push(ns.get("k"));
      ns.exit(entered);
      seen.push(ns.get("k"));
      await tick();
      seen.push(ns.get("k"));
    });
  },
  async withoutAContext(ns, seen) {
    seen.push(ns.get("k") ?? null, ns.active ?? null);
    try {
      ns.set("k", 1);
    } catch (error) {
      seen.push(error.message);
    }
  },
};

(async () => {
  const results = {};
  for (const [name, scenario] of Object.entries(scenarios)) {
    // Each scenario in a fresh namespace, started from a fresh turn of the event loop.
    await new Promise((resolve) => setTimeout(resolve, 0));
    const ns = cls.createNamespace(name);
    const seen = [];
    await scenario(ns, seen);
    await later(3);
    results[name] = seen;
  }
  process.stdout.write(JSON.stringify(results));
})().catch((error) => {
  process.stderr.write(String(error && error.stack));
  process.exit(1);
});
