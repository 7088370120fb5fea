import { createServer, type Server, type Socket } from "node:net";

/** A column as the stand-in answers it: its type, as TypeORM normalizes it (another answers as text), and whether it answers NULL. */
export interface ColumnShape {
  type: string;
  isNull?: boolean;
}

/** Each table's columns by database name. */
export type TableShapes = ReadonlyMap<string, ReadonlyMap<string, ColumnShape>>;

export interface StandInPostgres {
  port: number;
  /** The statements it answered, in order. */
  readonly statements: string[];
  close(): Promise<void>;
}

const PROTOCOL_VERSION_3 = 196_608;
const SSL_REQUEST = 80_877_103;
const SERVER_PARAMETERS = {
  server_version: "17.0",
  server_encoding: "UTF8",
  client_encoding: "UTF8",
  DateStyle: "ISO, MDY",
  TimeZone: "UTC",
  integer_datetimes: "on",
  standard_conforming_strings: "on",
};
const ROWS_PER_SELECT = 2;

// Each type the stand-in answers, by the name TypeORM normalizes a column's
// type to: its OID and a value in PostgreSQL's text format (by row, where the
// rows of a joined table must differ).
const TYPES: Record<string, { oid: number; value(row: number): string }> = {
  boolean: { oid: 16, value: () => "t" },
  bytea: { oid: 17, value: () => "\\x78" },
  bigint: { oid: 20, value: (row) => String(row + 1) },
  smallint: { oid: 21, value: (row) => String(row + 1) },
  integer: { oid: 23, value: (row) => String(row + 1) },
  text: { oid: 25, value: () => "x" },
  json: { oid: 114, value: () => "{}" },
  real: { oid: 700, value: () => "1.5" },
  "double precision": { oid: 701, value: () => "1.5" },
  "character varying": { oid: 1043, value: () => "x" },
  date: { oid: 1082, value: () => "2026-01-01" },
  "timestamp without time zone": { oid: 1114, value: () => "2026-01-01 00:00:00" },
  "timestamp with time zone": { oid: 1184, value: () => "2026-01-01 00:00:00+00" },
  numeric: { oid: 1700, value: () => "1.5" },
  uuid: { oid: 2950, value: (row) => `00000000-0000-4000-8000-${String(row + 1).padStart(12, "0")}` },
  jsonb: { oid: 3802, value: () => "{}" },
};
const TEXT: ColumnShape = { type: "text" };

const typeOf = (shape: ColumnShape) => TYPES[shape.type] ?? (TYPES.text as (typeof TYPES)[string]);

function message(type: string, ...parts: Buffer[]): Buffer {
  const body = Buffer.concat(parts);
  const header = Buffer.alloc(5);
  header.write(type, 0, "latin1");
  header.writeInt32BE(body.length + 4, 1);
  return Buffer.concat([header, body]);
}
const int16 = (value: number) => Buffer.from([(value >> 8) & 0xff, value & 0xff]);
const int32 = (value: number) => {
  const buffer = Buffer.alloc(4);
  buffer.writeInt32BE(value);
  return buffer;
};
const cstring = (value: string) => Buffer.from(`${value}\0`, "utf8");

interface Field {
  name: string;
  shape: ColumnShape;
  /** Whether it belongs to the statement's first table (one parent row for all rows) or to a joined one. */
  joined: boolean;
}

/** The aliases of `FROM "table" "alias"` and of `JOIN "table" "alias"`, each to its table. */
function aliasesOf(sql: string): { tables: Map<string, string>; joined: Set<string> } {
  const tables = new Map<string, string>();
  const joined = new Set<string>();
  for (const [, keyword, table, alias] of sql.matchAll(/\b(FROM|JOIN)\s+"(\w+)"\s+"(\w+)"/g)) {
    tables.set(alias as string, table as string);
    if (keyword === "JOIN") joined.add(alias as string);
  }
  return { tables, joined };
}

/** The statement's own select list: what comes before its FROM, outside any parentheses or quotes. */
function selectListOf(sql: string): string {
  let depth = 0;
  let quoted: string | undefined;
  for (let at = 0; at < sql.length; at += 1) {
    const char = sql[at] as string;
    if (quoted) {
      if (char === quoted) quoted = undefined;
    } else if (char === '"' || char === "'") quoted = char;
    else if (char === "(") depth += 1;
    else if (char === ")") depth -= 1;
    else if (depth === 0 && /^\sFROM\s/.test(sql.slice(at, at + 6))) return sql.slice(0, at);
  }
  return sql;
}

// A table's column selected under a name; an item of a select list (a column or an expression) and its name.
const SELECTED_COLUMN = /"(\w+)"\."(\w+)"\s+AS\s+"([^"]+)"/g;
const SELECT_ITEM = /\s*(?:"(\w+)"\."(\w+)"|[^,]*?)\s+AS\s+"([^"]+)"/g;

/** The fields a statement answers with: its select list's aliases, or what it returns. */
function fieldsOf(sql: string, tables: TableShapes): Field[] {
  const returning = /\bRETURNING\s+(.+)$/s.exec(sql)?.[1];
  if (returning) {
    const table = /^(?:INSERT INTO|UPDATE|DELETE FROM)\s+"(\w+)"/.exec(sql)?.[1] ?? "";
    const columns = tables.get(table) ?? new Map<string, ColumnShape>();
    const names = returning.trim() === "*" ? [...columns.keys()] : [...returning.matchAll(/"(\w+)"/g)].map(([, name]) => name as string);
    return names.map((name) => ({ name, shape: columns.get(name) ?? TEXT, joined: false }));
  }
  if (!/^\s*SELECT\b/i.test(sql)) return [];
  const aliases = aliasesOf(sql);
  // Every table column selected anywhere in the statement, by the name it is selected as:
  // what a derived table's columns (TypeORM's "distinctAlias") are.
  const named = new Map<string, Field>();
  for (const [, alias, column, name] of sql.matchAll(SELECTED_COLUMN)) {
    const shape = alias && column ? tables.get(aliases.tables.get(alias) ?? "")?.get(column) : undefined;
    if (shape) named.set(name as string, { name: name as string, shape, joined: aliases.joined.has(alias as string) });
  }
  return [...selectListOf(sql).replace(/^\s*SELECT\s+(DISTINCT\s+)?/i, "").matchAll(SELECT_ITEM)].map(([, alias, column, name]) => {
    const shape = alias && column ? tables.get(aliases.tables.get(alias) ?? "")?.get(column) : undefined;
    if (shape) return { name: name as string, shape, joined: aliases.joined.has(alias as string) };
    const derived = column ? named.get(column) : undefined;
    return { name: name as string, shape: derived?.shape ?? TEXT, joined: derived?.joined ?? false };
  });
}

function rowDescription(fields: Field[]): Buffer {
  return message(
    "T",
    int16(fields.length),
    ...fields.map((field) => Buffer.concat([cstring(field.name), int32(0), int16(0), int32(typeOf(field.shape).oid), int16(-1), int32(-1), int16(0)])),
  );
}

function dataRow(fields: Field[], row: number): Buffer {
  return message(
    "D",
    int16(fields.length),
    ...fields.map((field) => {
      if (field.shape.isNull) return int32(-1);
      const value = Buffer.from(typeOf(field.shape).value(field.joined ? row : 0), "utf8");
      return Buffer.concat([int32(value.length), value]);
    }),
  );
}

/** The rows a statement answers and its command tag. */
function resultOf(sql: string, fields: Field[]): { rows: number; tag: string } {
  const verb = (/^\s*(\w+)/.exec(sql)?.[1] ?? "SELECT").toUpperCase();
  if (verb === "SELECT" || verb === "WITH") return { rows: fields.length ? ROWS_PER_SELECT : 0, tag: `SELECT ${fields.length ? ROWS_PER_SELECT : 0}` };
  if (verb === "INSERT") return { rows: fields.length ? 1 : 0, tag: "INSERT 0 1" };
  if (verb === "UPDATE" || verb === "DELETE") return { rows: fields.length ? 1 : 0, tag: `${verb} 1` };
  if (verb === "START") return { rows: 0, tag: "BEGIN" };
  return { rows: 0, tag: verb };
}

/**
 * One client's conversation: the startup, then simple and extended queries,
 * each answered with rows made up from the statement's shape.
 */
function converse(socket: Socket, tables: TableShapes, statements: string[]): void {
  let pending = Buffer.alloc(0);
  let started = false;
  const prepared = new Map<string, string>();
  // The bound statement and its fields, worked out once for its Describe and its Execute.
  let portal = { sql: "", fields: [] as Field[] };
  const answer = (sql: string, fields: Field[], describe: boolean): Buffer[] => {
    statements.push(sql);
    const { rows, tag } = resultOf(sql, fields);
    const head = describe && fields.length ? [rowDescription(fields)] : [];
    return [...head, ...Array.from({ length: rows }, (_, row) => dataRow(fields, row)), message("C", cstring(tag))];
  };

  socket.on("data", (chunk: Buffer) => {
    pending = Buffer.concat([pending, chunk]);
    const out: Buffer[] = [];
    for (;;) {
      if (!started) {
        if (pending.length < 8) break;
        const length = pending.readInt32BE(0);
        if (pending.length < length) break;
        const code = pending.readInt32BE(4);
        pending = pending.subarray(length);
        if (code === SSL_REQUEST) {
          out.push(Buffer.from("N"));
          continue;
        }
        if (code !== PROTOCOL_VERSION_3) throw new Error(`the stand-in PostgreSQL speaks protocol 3.0 only, not ${code}`);
        started = true;
        out.push(
          message("R", int32(0)),
          ...Object.entries(SERVER_PARAMETERS).map(([name, value]) => message("S", cstring(name), cstring(value))),
          message("K", int32(1), int32(1)),
          message("Z", Buffer.from("I")),
        );
        continue;
      }
      if (pending.length < 5) break;
      const type = String.fromCharCode(pending[0] as number);
      const length = pending.readInt32BE(1);
      if (pending.length < length + 1) break;
      const body = pending.subarray(5, length + 1);
      pending = pending.subarray(length + 1);
      const strings = body.toString("utf8").split("\0");
      switch (type) {
        case "Q":
          out.push(...answer(strings[0] as string, fieldsOf(strings[0] as string, tables), true), message("Z", Buffer.from("I")));
          break;
        case "P":
          prepared.set(strings[0] as string, strings[1] as string);
          out.push(message("1"));
          break;
        case "B": {
          const sql = prepared.get(strings[1] as string) ?? "";
          portal = { sql, fields: fieldsOf(sql, tables) };
          out.push(message("2"));
          break;
        }
        case "D": {
          // A prepared statement ('S', by name: its parameters, then its rows) or the bound portal.
          const ofStatement = body[0] === 0x53;
          const fields = ofStatement ? fieldsOf(prepared.get(strings[0]?.slice(1) ?? "") ?? "", tables) : portal.fields;
          if (ofStatement) out.push(message("t", int16(0)));
          out.push(fields.length ? rowDescription(fields) : message("n"));
          break;
        }
        case "E":
          out.push(...answer(portal.sql, portal.fields, false));
          break;
        case "C":
          out.push(message("3"));
          break;
        case "S":
          out.push(message("Z", Buffer.from("I")));
          break;
        case "X":
          socket.end();
          break;
        default:
          break;
      }
    }
    if (out.length) socket.write(Buffer.concat(out));
  });
  socket.on("error", () => socket.destroy());
}

/**
 * A PostgreSQL stand-in on a loopback port: it accepts any login and answers
 * every statement as the server would in shape (a row description from the
 * statement's select list or RETURNING clause and `tables`, two rows of
 * made-up values, the command tag), so that a client runs its whole path
 * (connecting, the extended query protocol, parsing rows, hydrating
 * entities) with no database anywhere. For running code, never for testing it.
 */
export async function startStandInPostgres(tables: TableShapes): Promise<StandInPostgres> {
  const statements: string[] = [];
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.once("close", () => sockets.delete(socket));
    converse(socket, tables, statements);
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", resolve);
  });
  const address = server.address();
  if (!address || typeof address === "string") throw new Error("the stand-in PostgreSQL has no port");
  return {
    port: address.port,
    statements,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
