import { environment } from "@bookstore/orm";
import { parseArgs } from "node:util";
import { LOCAL_USER_POOL_PATH } from "./cognito/local-user-pool";
import { parseDurationSeconds } from "./cognito/parse-duration";
import { MAX_TOKEN_LIFETIME_SECONDS } from "./cognito/user-pool-endpoints";

const HELP = `Prints a token the running \`npm start\` accepts, as its last line.

usage: npm run token -- --user NAME [--group editors]... [--expires-in 15m]

  --user NAME        who signs in; the same name always gets the same subject (sub)
  --group GROUP      a group the user is in (repeat for several); editors may change books
  --expires-in TIME  how long the token is valid: 900, 90s, 15m, 1h, 1d (default 1h, at most 1d)

The local user pool lives inside \`npm start\`: its RS256 key pair is made at start
and never leaves that process. This command asks that server to sign the user in
(POST http://127.0.0.1:$PORT${LOCAL_USER_POOL_PATH}/token) and the server checks every
write's token against the same pool's keys (GET ${LOCAL_USER_POOL_PATH}/.well-known/jwks.json).
A token is valid until it expires or that server stops. PORT selects the server
(default 3000), as it does for npm start.

Use it as:  curl -H "Authorization: Bearer $(npm run -s token -- --user ann --group editors)" …`;

class UsageError extends Error {}

function readOptions(args: string[]) {
  let values;
  try {
    ({ values } = parseArgs({
      args,
      options: { user: { type: "string" }, group: { type: "string", multiple: true }, "expires-in": { type: "string" }, help: { type: "boolean", short: "h" } },
    }));
  } catch (error) {
    // node's own text, first sentence: "Unknown option '--x'", "Option '--user <value>' argument missing".
    throw new UsageError((error as Error).message.split(". ")[0] as string);
  }
  if (values.help) return undefined;
  if (!values.user) throw new UsageError("--user NAME is required");
  const expiresIn = values["expires-in"];
  const expiresInSeconds = expiresIn === undefined ? undefined : parseDurationSeconds(expiresIn);
  if (expiresInSeconds === 0 || (expiresInSeconds ?? 0) > MAX_TOKEN_LIFETIME_SECONDS || (expiresIn !== undefined && expiresInSeconds === undefined)) {
    throw new UsageError(`--expires-in ${expiresIn}: give a time from 1s to 1d, e.g. 15m`);
  }
  return { username: values.user, groups: values.group ?? [], expiresInSeconds };
}

async function main(): Promise<void> {
  const options = readOptions(process.argv.slice(2));
  if (!options) {
    console.log(HELP);
    return;
  }
  const url = `http://127.0.0.1:${environment().get("PORT")}${LOCAL_USER_POOL_PATH}/token`;
  let response: Response;
  try {
    response = await fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(options), signal: AbortSignal.timeout(10_000) });
  } catch {
    throw new Error(`nothing answers at ${url}: start the API with npm start (PORT selects another port)`);
  }
  const answer = (await response.json().catch(() => undefined)) as { idToken?: string; error?: { message?: string } } | undefined;
  if (!response.ok || !answer?.idToken) {
    throw new Error(response.status === 404 ? `${url} is not a local Bookstore API with sign-in` : `sign-in refused: ${answer?.error?.message ?? response.status}`);
  }
  console.log(answer.idToken);
}

main().catch((error: unknown) => {
  console.error(`npm run token: ${error instanceof Error ? error.message : String(error)}${error instanceof UsageError ? " (--help for usage)" : ""}`);
  process.exit(error instanceof UsageError ? 2 : 1);
});
