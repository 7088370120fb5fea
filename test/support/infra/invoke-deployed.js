// Runs in a plain Node.js process, as Lambda does: loads a deployed
// function bundle (BUNDLE), with the layer's node_modules on NODE_PATH,
// invokes it with each event its parent sends, and sends back the results.
// Node.js's own modules the bundle and the layer load (for what a cold start pays).
const loadedBefore = new Set(process.moduleLoadList);
const { handler } = require(process.env.BUNDLE);
const builtinsLoaded = process.moduleLoadList.filter((entry) => !loadedBefore.has(entry) && entry.startsWith("NativeModule ")).map((entry) => entry.slice("NativeModule ".length));

process.on("message", async (message) => {
  if (message.type === "exit") process.exit(0);
  try {
    const result = await handler(message.event, { awsRequestId: "deployed-test", functionName: "deployed-test", getRemainingTimeInMillis: () => 10_000 });
    process.send({ ok: true, result });
  } catch (error) {
    process.send({ ok: false, error: String(error && error.message ? error.message : error) });
  }
});
process.send({ ready: true, builtinsLoaded });
