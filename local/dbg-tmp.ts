import { DataApiEndpoint } from "./src/data-api/data-api-endpoint";
(async () => {
  const ep = await DataApiEndpoint.start({ resourceArn: "arn:aws:rds:eu-west-1:123456789012:cluster:b", secrets: { "arn:aws:secretsmanager:eu-west-1:123456789012:secret:s": "postgres://postgres@127.0.0.1:5432/prof" } });
  Object.assign(process.env, { DB_TRANSPORT: "data-api", DB_CLUSTER_ARN: "arn:aws:rds:eu-west-1:123456789012:cluster:b", DB_SECRET_ARN: "arn:aws:secretsmanager:eu-west-1:123456789012:secret:s", DB_NAME: "prof", AWS_REGION: "eu-west-1", AWS_ACCESS_KEY_ID: "AKID", AWS_SECRET_ACCESS_KEY: "x", AWS_ENDPOINT_URL_RDS_DATA: ep.url, POWERTOOLS_LOG_LEVEL: "SILENT" });
  const { loadHandlers, invocationEvent } = require("./src");
  const h = loadHandlers();
  const ctx = { awsRequestId: "r", functionName: "f", getRemainingTimeInMillis: () => 1000 };
  for (const [svc, m, u, b] of [["books","GET","/book?limit=2"],["books","GET","/book/1"],["books","POST","/book",{title:"t",author:"a",publisher:"p",year:2000}],["books","PATCH","/book/1",{year:2001}],["reviews","POST","/review",{bookId:1,reviewer:"r",rate:3}],["reviews","GET","/review?bookId=1&limit=2"],["reviews","POST","/review",{bookId:999999,reviewer:"r",rate:3}]] as any[]) {
    const r = await h[svc](invocationEvent({ method: m, url: u, body: b, requestId: "r" }), ctx);
    console.log(m, u, r.statusCode, r.body.slice(0, 300));
  }
  await ep.close(); process.exit(0);
})().catch((e) => { console.error(e); process.exit(1); });
