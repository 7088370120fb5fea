import { dsqlStartupViolations, dsqlStatementViolations } from "@bookstore/schema-migrator";
import pg from "pg";

interface Checked {
  /** Each: what was sent, and the rule it breaks. */
  violations: string[];
  stop(): void;
}

// The application's own connections: the layer's ("bookstore", or the
// function's name in Lambda) and the migrator's ("bookstore-schema-migrator").
// The tests' helpers and the local DSQL emulation connect without a name.
const isApplication = (applicationName: unknown) => typeof applicationName === "string" && applicationName.startsWith("bookstore");

/**
 * Checks against DSQL's rules everything the application sends through
 * node-postgres in this process: each connection's startup parameters and
 * each statement. The driver is only observed. A violation names what was
 * sent and the rule, with its page.
 */
export function checkDsqlRules(): Checked {
  const violations: string[] = [];
  const { query } = pg.Client.prototype;
  // The startup message's sender: not in pg's types, but its own export.
  const connection = pg.Connection.prototype as unknown as { startup(config: Record<string, unknown>): void };
  const { startup } = connection;
  connection.startup = function (this: unknown, config: Record<string, unknown>) {
    if (isApplication(config.application_name)) {
      for (const broken of dsqlStartupViolations(config)) violations.push(`startup ${JSON.stringify(config)} breaks: ${broken}`);
    }
    return startup.call(this, config);
  };
  pg.Client.prototype.query = function (this: pg.Client & { connectionParameters?: { application_name?: string } }, ...args: unknown[]) {
    if (isApplication(this.connectionParameters?.application_name)) {
      const first = args[0] as string | { text?: string };
      const text = typeof first === "string" ? first : (first?.text ?? "");
      for (const broken of dsqlStatementViolations(text)) violations.push(`${text.replace(/\s+/g, " ").trim()} breaks: ${broken}`);
    }
    return (query as (...params: unknown[]) => unknown).apply(this, args);
  } as typeof query;
  return {
    violations,
    stop: () => {
      pg.Client.prototype.query = query;
      connection.startup = startup;
    },
  };
}
