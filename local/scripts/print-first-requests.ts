// Prints, as JSON, the proxy events of the requests a function's compile
// cache is made with on deploy (the reads a new container most often
// serves first): a build output the CDK app passes to the cache's builder.
// Usage: print-first-requests <books|reviews>
import type { ServiceName } from "@bookstore/api-contract";
import { invocationEvent } from "../src/api-gateway/invocation-event";

const FIRST_REQUESTS: Record<ServiceName, string[]> = {
  books: ["/book/1", "/book?limit=20"],
  reviews: ["/review/1", "/review?bookId=1"],
};

const service = process.argv[2] as ServiceName;
if (!(service in FIRST_REQUESTS)) {
  console.error(`usage: print-first-requests <${Object.keys(FIRST_REQUESTS).join("|")}>`);
  process.exit(2);
}
// A fixed time, so that the same requests make the same template (a change would make a new cache).
const events = FIRST_REQUESTS[service].map((url) => {
  const event = invocationEvent({ method: "GET", url, requestId: "compile-cache" });
  return { ...event, requestContext: { ...event.requestContext, requestTimeEpoch: 0 } };
});
process.stdout.write(JSON.stringify(events));
