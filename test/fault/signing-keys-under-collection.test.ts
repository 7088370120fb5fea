import { runScript } from "../support/run-script";

// A local user pool's keys (npm start, every test API) must never hang the
// process: on Node.js 20 exporting a freshly generated key as a JWK could
// deadlock when a garbage collection ran during the export.
test("new signing keys are made with a collection falling inside their export, and the process finishes", async () => {
  const { code, stdout, stderr } = await runScript("test/support/jwk-export-under-collection.cjs", [], process.env, { timeoutMs: 60_000 });
  expect({ code, stderr }).toEqual({ code: 0, stderr: "" });
  const met = Number(/headrooms met: (\d+)/.exec(stdout)?.[1] ?? 0);
  expect(met).toBeGreaterThan(0);
}, 90_000);
