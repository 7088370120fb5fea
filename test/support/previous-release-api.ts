// The local API (this tree's API Gateway stand-in) serving another
// release's function bundles: `node --import tsx previous-release-api.ts
// <books.js> <reviews.js>`; prints the port it listens on, then serves
// until killed. The database is the environment's (DATABASE_URL).
import { createApiServer, type LambdaHttpHandler } from "@bookstore/local";
import type { AddressInfo } from "node:net";

const [books, reviews] = process.argv.slice(2) as [string, string];
const load = (file: string) => (require(file) as { handler: LambdaHttpHandler }).handler;
const server = createApiServer({ handlers: { books: load(books), reviews: load(reviews) } });
server.listen(0, "127.0.0.1", () => console.log(`listening on ${(server.address() as AddressInfo).port}`));
