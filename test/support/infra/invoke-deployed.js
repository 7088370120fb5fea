// Runs in a plain Node.js process, as Lambda does: loads a deployed
// function bundle (BUNDLE), with the layer's node_modules on NODE_PATH,
// invokes it with each event its parent sends, and sends back the results.
const { handler } = require(process.env.BUNDLE);

process.on("message", async (message) => {
  if (message.type === "exit") process.exit(0);
  try {
    const result = await handler(message.event, { awsRequestId: "deployed-test", functionName: "deployed-test", getRemainingTimeInMillis: () => 10_000 });
    process.send({ ok: true, result });
  } catch (error) {
    process.send({ ok: false, error: String(error && error.message ? error.message : error) });
  }
});
process.send({ ready: true });
