/**
 * A black-box pass over a running stage of the API: what a client sees.
 * Usage: npm run smoke -- <api url> [--token T] [--origin O]
 *   --token   an editor's ID token (Cognito's, or `npm run token -- --user NAME --group editors`
 *             locally): also create, read and delete data of its own as that user
 *   --origin  a browser origin the stage allows: its CORS preflight must say so
 * Prints one line per check and a summary; exits 1 on any failure, and at
 * once, saying so, when nothing answers at the URL.
 */
import { parseArgs } from "node:util";

interface Options {
  base: string;
  token?: string;
  origin?: string;
}

type Check = [name: string, run: () => Promise<void>];

class Unreachable extends Error {}

function options(argv: string[]): Options {
  const { values, positionals } = parseArgs({ args: argv, allowPositionals: true, options: { token: { type: "string" }, origin: { type: "string" } } });
  const [url] = positionals;
  if (!url || positionals.length > 1) throw new Error("usage: npm run smoke -- <api url> [--token T] [--origin O]");
  let base: URL;
  try {
    base = new URL(url);
  } catch {
    throw new Error(`"${url}" is not a URL (e.g. https://abc123.execute-api.eu-west-1.amazonaws.com/prod)`);
  }
  return { base: base.toString().replace(/\/$/, ""), token: values.token, origin: values.origin };
}

function expect(condition: unknown, what: string): asserts condition {
  if (!condition) throw new Error(what);
}

export function smokeChecks({ base, token, origin }: Options): Check[] {
  const call = async (method: string, path: string, body?: unknown, headers: Record<string, string> = {}, signedIn = true) => {
    let response: Response;
    try {
      response = await fetch(`${base}${path}`, {
        method,
        redirect: "manual",
        headers: { ...(body === undefined ? {} : { "content-type": "application/json" }), ...(token && signedIn ? { authorization: `Bearer ${token}` } : {}), ...headers },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(15_000),
      });
    } catch (error) {
      const cause = (error as { cause?: { code?: string } }).cause?.code ?? (error as Error).name;
      throw new Unreachable(`nothing answers at ${base} (${cause})`);
    }
    const text = await response.text();
    return { status: response.status, headers: response.headers, json: text ? (JSON.parse(text) as Record<string, unknown>) : undefined };
  };
  const created: { book?: number; review?: number } = {};
  const checks: Check[] = [
    ["GET /openapi.json is the API's document", async () => {
      const { status, json } = await call("GET", "/openapi.json");
      expect(status === 200 && typeof json?.openapi === "string" && json.paths, `answered ${status}`);
    }],
    ["GET /book lists books, a page at a time", async () => {
      const { status, json } = await call("GET", "/book?limit=1");
      expect(status === 200 && Array.isArray(json?.books) && "nextCursor" in (json ?? {}), `answered ${status}`);
    }],
    ["GET /book/{id} of no book is 404 in the error shape", async () => {
      const { status, json } = await call("GET", "/book/2147483647");
      expect(status === 404 && (json?.error as { code?: string } | undefined)?.code === "NOT_FOUND", `answered ${status}`);
    }],
    ["a bad query is 400 naming the parameter", async () => {
      const { status, json } = await call("GET", "/book?limit=0");
      const details = (json?.error as { details?: Array<{ field: string }> } | undefined)?.details ?? [];
      expect(status === 400 && details.some((detail) => detail.field === "limit"), `answered ${status}`);
    }],
    ["a write without a token is refused 401 with a Bearer challenge", async () => {
      const { status, headers, json } = await call("POST", "/book", { title: "Smoke test", author: "npm run smoke", publisher: "Bookstore", year: 2026 }, {}, false);
      const code = (json?.error as { code?: string } | undefined)?.code;
      expect(status === 401 && code === "UNAUTHENTICATED" && /^Bearer\b/.test(headers.get("www-authenticate") ?? ""), `answered ${status} ${code ?? ""}`);
    }],
    [`a CORS preflight${origin ? ` from ${origin} is allowed` : " gets an answer"}`, async () => {
      const asked = origin ?? "https://smoke-test.invalid";
      const { status, headers } = await call("OPTIONS", "/book", undefined, { origin: asked, "access-control-request-method": "POST" });
      if (origin) expect(headers.get("access-control-allow-origin") === origin, `answered ${status} without allowing ${origin}`);
      else expect(status < 500 && headers.get("access-control-allow-origin") === null, `answered ${status}, allowing an origin nobody configured`);
    }],
  ];
  if (!token) return checks;
  return [
    ...checks,
    ["POST /book creates a book", async () => {
      const { status, json } = await call("POST", "/book", { title: "Smoke test", author: "npm run smoke", publisher: "Bookstore", year: 2026 });
      expect(status === 201 && typeof json?.id === "number", status === 403 ? "answered 403: the token is not an editor's" : status === 401 ? "answered 401: the token does not verify (expired, or from another user pool)" : `answered ${status}`);
      created.book = json.id as number;
    }],
    ["POST /review reviews it", async () => {
      const { status, json } = await call("POST", "/review", { bookId: created.book, reviewer: "npm run smoke", rate: 5 });
      expect(status === 201 && typeof json?.id === "number", `answered ${status}`);
      created.review = json.id as number;
    }],
    ["GET /book/{id} shows it with its rating", async () => {
      const { status, json } = await call("GET", `/book/${created.book}`);
      expect(status === 200 && json?.reviewCount === 1 && json?.averageRate === 5, `answered ${status}`);
    }],
    ["DELETE /review/{id} deletes the review", async () => {
      const { status } = await call("DELETE", `/review/${created.review}`);
      expect(status === 204, `answered ${status}`);
      created.review = undefined;
    }],
    ["DELETE /book/{id} deletes the book, and it is gone", async () => {
      const id = created.book;
      const { status } = await call("DELETE", `/book/${id}`);
      expect(status === 204, `answered ${status}`);
      created.book = undefined;
      expect((await call("GET", `/book/${id}`)).status === 404, "still there");
    }],
    ["nothing of the smoke test is left", async () => {
      // Cleans up after a failed check above: what is gone answers 404.
      if (created.book !== undefined) await call("DELETE", `/book/${created.book}`);
      expect(created.book === undefined, "a check failed before deleting its book; deleted now");
    }],
  ];
}

export async function runSmoke(argv: string[], print: (line: string) => void = console.log): Promise<number> {
  let checks: Check[];
  try {
    checks = smokeChecks(options(argv));
  } catch (error) {
    print(`smoke: ${(error as Error).message}`);
    return 1;
  }
  let failed = 0;
  for (const [name, run] of checks) {
    try {
      await run();
      print(`ok      ${name}`);
    } catch (error) {
      if (error instanceof Unreachable) {
        print(`smoke: ${error.message}`);
        return 1;
      }
      failed += 1;
      print(`FAILED  ${name}: ${(error as Error).message}`);
    }
  }
  print(`smoke: ${checks.length - failed} of ${checks.length} checks passed`);
  return failed === 0 ? 0 : 1;
}

if (require.main === module) {
  runSmoke(process.argv.slice(2)).then((code) => process.exit(code));
}
