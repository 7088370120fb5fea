// Prints, as JSON by service, the proxy events of the requests each
// function's compile cache is made with on deploy (the reads a new
// container most often serves first): a build output the CDK app passes to
// the caches' builder.
import type { ServiceName } from "@bookstore/api-contract";
import { invocationEvent } from "../src/api-gateway/invocation-event";

const FIRST_REQUESTS: Record<ServiceName, string[]> = {
  books: ["/book/1", "/book?limit=20"],
  reviews: ["/review/1", "/review?bookId=1"],
};

// A fixed time, so that the same requests make the same template (a change would make new caches).
const eventsOf = (urls: string[]) =>
  urls.map((url) => {
    const event = invocationEvent({ method: "GET", url, requestId: "compile-cache" });
    return { ...event, requestContext: { ...event.requestContext, requestTimeEpoch: 0 } };
  });

process.stdout.write(JSON.stringify(Object.fromEntries(Object.entries(FIRST_REQUESTS).map(([service, urls]) => [service, eventsOf(urls)]))));
