import * as http from "node:http";
import * as https from "node:https";
import { lazyHttpRequires } from "../scripts/lazy-http-modules";

/** Runs `source` as a CommonJS module body with a require that records what it loads. */
function evaluate(source: string, names: string[]): { loaded: string[]; bindings: Record<string, unknown> } {
  const loaded: string[] = [];
  const record = (name: string) => {
    loaded.push(name);
    return name === "node:https" ? https : http;
  };
  const importDefault = (module: object) => ({ default: module });
  const bindings = new Function("require", "__importDefault", `${source}\nreturn { ${names.join(", ")} };`)(record, importDefault) as Record<string, unknown>;
  return { loaded, bindings };
}

describe("the layer build's lazy http and https requires (the tracer's bundle)", () => {
  const SOURCE = [
    '"use strict";',
    'const node_http_1 = __importDefault(require("node:http"));',
    'const node_https_1 = __importDefault(require("node:https"));',
    "var http = require('http');",
    'const util = require("util");',
    "function capture() { return [node_http_1.default, node_https_1.default]; }",
    "function poll() { return http.request; }",
  ].join("\n");

  test("each require of node:http or node:https, plain or through __importDefault, loads the module on first use only", () => {
    const out = lazyHttpRequires(SOURCE);
    expect(out).not.toMatch(/^(const|var) \w+ = (__importDefault\()?require\(["'](node:)?https?["']\)/m);
    expect(out).toContain('const util = require("util");');

    const { loaded, bindings } = evaluate(out.replace('const util = require("util");', ""), ["node_http_1", "node_https_1", "http"]);
    expect(loaded).toEqual([]);
    expect((bindings.node_http_1 as { default: unknown }).default).toBe(http);
    expect((bindings.node_https_1 as { default: unknown }).default).toBe(https);
    expect((bindings.http as typeof http).request).toBe(http.request);
    expect("get" in (bindings.http as object)).toBe(true);
    expect(loaded).toEqual(["node:http", "node:https", "node:http", "node:http"]);
  });

  test("a write through the stand-in reaches the module, as the SDK's HTTP capture patches it", () => {
    const { bindings } = evaluate(lazyHttpRequires("var http = require('http');"), ["http"]);
    const marker = Symbol("patched");
    (bindings.http as Record<symbol, unknown>)[marker] = true;
    try {
      expect((http as unknown as Record<symbol, unknown>)[marker]).toBe(true);
    } finally {
      delete (http as unknown as Record<symbol, unknown>)[marker];
    }
  });

  test("a file without such requires is left as it was", () => {
    const source = 'const dgram = require("dgram");\nconst https = require("./https");';
    expect(lazyHttpRequires(source)).toBe(source);
  });
});
