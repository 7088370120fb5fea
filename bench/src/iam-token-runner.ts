// A fresh process that loads the IAM signer and signs its first token, as a
// function in IAM mode does during its cold start. The project goes through
// the layer's settings resolver (loaded first, untimed: cold-get-book counts
// it); the baseline uses the stock @aws-sdk/rds-signer with its default
// credential chain. TLS settings are left out on both sides.
const orm = process.env.BENCH_SIDE === "project" ? (require("@bookstore/orm") as typeof import("@bookstore/orm")) : undefined;
const started = performance.now();
const sign = async (): Promise<string> => {
  if (orm) {
    const settings = await orm.resolveConnectionSettings({
      DB_AUTH: "iam",
      DB_PROXY_ENDPOINT: "proxy.example:5432",
      DB_USER: "bookstore_app",
      DB_NAME: "bookstore",
      AWS_REGION: "eu-west-1",
      PGSSLMODE: "disable",
    });
    return (settings.password as () => Promise<string>)();
  }
  const { Signer } = require(process.env.BENCH_SIGNER as string) as typeof import("@aws-sdk/rds-signer");
  return new Signer({ hostname: "proxy.example", port: 5432, username: "bookstore_app", region: "eu-west-1" }).getAuthToken();
};
sign().then(
  (token) => {
    process.send?.({ totalMs: performance.now() - started, ok: token.includes("X-Amz-Signature=") });
    process.exit(0);
  },
  (error: unknown) => {
    process.send?.({ error: String(error) });
    process.exit(1);
  },
);
