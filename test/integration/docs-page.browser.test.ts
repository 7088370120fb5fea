import { chromium, type Browser } from "playwright-core";
import type { AddressInfo } from "node:net";
import type { Server } from "node:http";
import { EDITORS_GROUP } from "@bookstore/api-contract";
import { testApiServer, tokenFor } from "../support/test-api";

// Run only where Chromium exists (jest.config.js passes its path, and fails the run in CI without it).
const executablePath = process.env.BOOKSTORE_TEST_CHROMIUM as string;

let browser: Browser;
let server: Server;
let origin: string;

beforeAll(async () => {
  server = testApiServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  browser = await chromium.launch({
    executablePath,
    args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await new Promise((resolve) => server.close(resolve));
});

test("/docs lists every operation, loads nothing from elsewhere, and its Try it out reaches the API with the token given to Authorize", async () => {
  const page = await browser.newPage();
  const foreign: string[] = [];
  page.on("request", (request) => {
    if (!request.url().startsWith(origin)) foreign.push(request.url());
  });
  await page.goto(`${origin}/docs`);
  await page.locator(".opblock").first().waitFor({ timeout: 20_000 });
  const operations = await page.locator(".opblock .opblock-summary-path").allTextContents();
  expect(operations.length).toBe(11);
  expect(new Set(operations.map((path) => path.replace(/\u200b/g, "")))).toEqual(new Set(["/book", "/book/{id}", "/review", "/review/{id}"]));

  // Create a book from the page, as a reader of the docs would: refused until a token is given to Authorize.
  const create = page.locator("#operations-books-createBook");
  await create.locator(".opblock-summary").click();
  await create.getByRole("button", { name: "Try it out" }).click();
  await create.locator("textarea.body-param__text").fill(JSON.stringify({ title: "From the docs page", author: "Swagger", publisher: "UI", year: 2024 }));
  const execute = async () => {
    const answered = page.waitForResponse((response) => response.url() === `${origin}/book` && response.request().method() === "POST");
    await create.getByRole("button", { name: "Execute" }).click();
    return answered;
  };
  expect((await execute()).status()).toBe(401);

  await page.locator(".auth-wrapper .authorize").click();
  await page.locator(".auth-container input").fill(await tokenFor("docs-reader", [EDITORS_GROUP]));
  await page.locator(".auth-btn-wrapper .authorize").click();
  await page.locator(".auth-btn-wrapper .btn-done").click();
  const response = await execute();
  expect(response.status()).toBe(201);
  expect(response.request().headers().authorization).toMatch(/^Bearer ey/);
  await page.waitForFunction('document.querySelector(".live-responses-table tbody .response-col_status")?.textContent?.includes("201")');

  expect(foreign).toEqual([]);
  await page.close();
}, 60_000);
