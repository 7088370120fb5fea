import fc from "fast-check";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { installedVersion, PROJECT_ROOT } from "./support/installed-packages";

// pg-protocol's BufferReader and Parser, which patches/pg-protocol+<version>.patch changes (its published types leave them out).
interface Reader {
  offset: number;
  setBuffer(offset: number, buffer: Buffer): void;
  int16(): number;
  int32(): number;
  uint32(): number;
  byte(): number;
  string(length: number): string;
  cstring(): string;
}
type ReaderClass = new () => Reader;
type ParserClass = new () => { parse(buffer: Buffer, callback: (message: unknown) => void): void };

const PatchedReader = (require("pg-protocol/dist/buffer-reader") as { BufferReader: ReaderClass }).BufferReader;
const PublishedReader = (require("./pg-protocol-patches/buffer-reader") as { BufferReader: ReaderClass }).BufferReader;
const PatchedParser = (require("pg-protocol/dist/parser") as { Parser: ParserClass }).Parser;
const PublishedParser = (require("./pg-protocol-patches/parser") as { Parser: ParserClass }).Parser;

type Read = { op: "int16" | "int32" | "uint32" | "byte" | "cstring" } | { op: "string"; length: number };

/** What a reader gives for `reads` from `start`: each value or the error that ended them, and where it stopped. */
function readsOf(ReaderOf: ReaderClass, bytes: Uint8Array, start: number, reads: Read[]) {
  const reader = new ReaderOf();
  reader.setBuffer(start, Buffer.from(bytes));
  const values: unknown[] = [];
  try {
    for (const read of reads) values.push(read.op === "string" ? reader.string(read.length) : reader[read.op]());
  } catch (error) {
    const { name, message, code } = error as NodeJS.ErrnoException;
    values.push({ thrown: { name, message, code } });
  }
  return { values, offset: reader.offset };
}

/**
 * The messages a parser makes of `stream` arriving cut at `cuts`, or the
 * error it stopped on. A malformed message can make the parser read past its
 * end into the spare room of a buffer it grew with Buffer.allocUnsafe, so that
 * room is zeroed here: both parsers then read the same bytes there.
 */
function messagesOf(ParserOf: ParserClass, stream: Uint8Array, cuts: number[]) {
  const parser = new ParserOf();
  const messages: unknown[] = [];
  const bounds = [0, ...cuts.map((cut) => cut % (stream.length + 1)).sort((a, b) => a - b), stream.length];
  const zeroed = jest.spyOn(Buffer, "allocUnsafe").mockImplementation((size) => Buffer.alloc(size));
  try {
    for (let i = 1; i < bounds.length; i += 1) parser.parse(Buffer.from(stream.subarray(bounds[i - 1], bounds[i])), (message) => messages.push(message));
  } catch (error) {
    const { name, message, code } = error as NodeJS.ErrnoException;
    messages.push({ thrown: { name, message, code } });
  } finally {
    zeroed.mockRestore();
  }
  return messages;
}

// Backend messages as PostgreSQL sends them: a code, a length that counts itself, a body.
const int16 = (value: number) => Buffer.from([(value >> 8) & 0xff, value & 0xff]);
const int32 = (value: number) => Buffer.from([(value >>> 24) & 0xff, (value >>> 16) & 0xff, (value >>> 8) & 0xff, value & 0xff]);
const cstring = (text: string) => Buffer.concat([Buffer.from(text, "utf8"), Buffer.from([0])]);
const message = (code: string, ...body: Buffer[]) => {
  const content = Buffer.concat(body);
  return Buffer.concat([Buffer.from(code), int32(content.length + 4), content]);
};

const name = fc.string({ unit: "grapheme", maxLength: 12 }).map((text) => text.replaceAll("\u0000", ""));
const anyInt32 = fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 });
const anyInt16 = fc.integer({ min: -(2 ** 15), max: 2 ** 15 - 1 });
const field = fc.record({ name, table: anyInt32, column: anyInt16, type: anyInt32, size: anyInt16, modifier: anyInt32, format: fc.constantFrom(0, 1) });
const backendMessage = fc.oneof(
  fc.array(field, { maxLength: 12 }).map((fields) =>
    message("T", int16(fields.length), ...fields.flatMap((f) => [cstring(f.name), int32(f.table), int16(f.column), int32(f.type), int16(f.size), int32(f.modifier), int16(f.format)])),
  ),
  fc.array(fc.option(fc.uint8Array({ maxLength: 40 }), { nil: null }), { maxLength: 12 }).map((values) =>
    message("D", int16(values.length), ...values.flatMap((value) => (value === null ? [int32(-1)] : [int32(value.length), Buffer.from(value)]))),
  ),
  name.map((tag) => message("C", cstring(tag))),
  fc.constantFrom("I", "T", "E").map((status) => message("Z", Buffer.from(status))),
  fc.constantFrom(message("1"), message("2"), message("n"), message("I")),
  fc.tuple(name, name).map(([key, value]) => message("S", cstring(key), cstring(value))),
  fc.tuple(anyInt32, anyInt32).map(([pid, secret]) => message("K", int32(pid), int32(secret))),
  fc.tuple(anyInt32, name, name).map(([pid, channel, payload]) => message("A", int32(pid), cstring(channel), cstring(payload))),
  fc.array(fc.tuple(fc.constantFrom("S", "C", "M", "D"), name), { maxLength: 4 }).map((parts) => message("E", ...parts.map(([key, text]) => cstring(`${key}${text}`)), Buffer.from([0]))),
);
const cuts = fc.array(fc.nat(), { maxLength: 6 });

describe("the pg-protocol patch: integers read from the bytes, not through Buffer's checked methods, and text decoded without toString", () => {
  test("is applied to the installed pg-protocol (npm install runs patch-package)", () => {
    const installed = readFileSync(join(PROJECT_ROOT, "node_modules", "pg-protocol", "dist", "buffer-reader.js"), "utf8");
    expect(installed).toContain("function inBounds(buffer, offset, size)");
    expect(installed).toContain("function decoded(buffer, encoding, start, end)");
    expect(readFileSync(join(PROJECT_ROOT, "node_modules", "pg-protocol", "dist", "parser.js"), "utf8")).toContain("(0, buffer_reader_1.readUInt32BE)(this.buffer");
    expect(readFileSync(join(PROJECT_ROOT, "patches", `pg-protocol+${installedVersion("pg-protocol")}.patch`), "utf8")).toContain("function inBounds");
  });

  test("is compared with the published files of the installed release", () => {
    // Taking up another pg-protocol release means copying its dist/buffer-reader.js and dist/parser.js here again.
    for (const file of ["buffer-reader.js", "parser.js"]) {
      const reference = readFileSync(join(__dirname, "pg-protocol-patches", file), "utf8");
      expect(/^\/\/ pg-protocol (\S+)'s /.exec(reference)?.[1]).toBe(installedVersion("pg-protocol"));
    }
  });

  test("a reader reads what the published one reads, and throws what it throws, from any offset", () => {
    const read: fc.Arbitrary<Read> = fc.oneof(
      fc.constantFrom<Read>({ op: "int16" }, { op: "int32" }, { op: "uint32" }, { op: "byte" }, { op: "cstring" }),
      fc.integer({ min: -2, max: 12 }).map((length): Read => ({ op: "string", length })),
    );
    const start = fc.oneof(fc.integer({ min: -3, max: 40 }), fc.constantFrom(0.5, 2.25, Number.NaN, 2 ** 32, -0));
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 36 }), start, fc.array(read, { maxLength: 12 }), (bytes, offset, reads) => {
        expect(readsOf(PatchedReader, bytes, offset, reads)).toStrictEqual(readsOf(PublishedReader, bytes, offset, reads));
      }),
      { numRuns: 2_000 },
    );
  });

  test("the extremes of each width: sign, high bit, all ones", () => {
    const bytes = Uint8Array.from([0x80, 0x00, 0x7f, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01]);
    const reads: Read[] = [{ op: "int16" }, { op: "int16" }, { op: "int32" }, { op: "uint32" }, { op: "int32" }];
    const { values } = readsOf(PatchedReader, bytes, 0, reads);
    expect(values).toEqual([-32768, 32767, -1, 0xffff0000, 1]);
    expect(readsOf(PatchedReader, bytes, 0, reads)).toStrictEqual(readsOf(PublishedReader, bytes, 0, reads));
  });

  test("a stream of backend messages, in any chunks, parses into the same messages", () => {
    fc.assert(
      fc.property(fc.array(backendMessage, { maxLength: 8 }), cuts, (messages, at) => {
        const stream = Buffer.concat(messages);
        expect(messagesOf(PatchedParser, stream, at)).toStrictEqual(messagesOf(PublishedParser, stream, at));
      }),
      { numRuns: 1_000 },
    );
  });

  test("any bytes, malformed messages and lengths past the end among them, give the same messages or the same error", () => {
    // Without an error or a notice: either parser reads one whose fields run past the buffer's end forever
    // (a one-character read there is "", never the terminator), as pg-protocol always has.
    const bytes = (maxLength: number) => fc.uint8Array({ maxLength }).map((raw) => Buffer.from(raw.map((byte) => (byte === 0x45 || byte === 0x4e ? byte + 1 : byte))));
    const header = fc.tuple(fc.constantFrom("T", "D", "C", "Z", "S", "K", "A", "1"), fc.integer({ min: 0, max: 60 }));
    const malformed = fc.tuple(header, bytes(60)).map(([[code, length], body]) => Buffer.concat([Buffer.from(code), int32(length), body]));
    fc.assert(
      fc.property(fc.array(fc.oneof(malformed, bytes(30)), { maxLength: 6 }), cuts, (parts, at) => {
        const stream = Buffer.concat(parts);
        expect(messagesOf(PatchedParser, stream, at)).toStrictEqual(messagesOf(PublishedParser, stream, at));
      }),
      { numRuns: 2_000 },
    );
  });

  test("parsing rows calls none of Buffer's checked integer reads (the published parser calls one per field and value)", () => {
    const stream = Buffer.concat([
      message("T", int16(2), cstring("id"), int32(16_384), int16(1), int32(23), int16(4), int32(-1), int16(0), cstring("title"), int32(16_384), int16(2), int32(25), int16(-1), int32(-1), int16(0)),
      message("D", int16(2), int32(2), Buffer.from("42"), int32(-1)),
      message("C", cstring("SELECT 1")),
      message("Z", Buffer.from("I")),
    ]);
    const checkedReads = ["readInt16BE", "readInt32BE", "readUInt32BE"] as const;
    const callsOf = (ParserOf: ParserClass) => {
      const spies = checkedReads.map((method) => jest.spyOn(Buffer.prototype, method));
      try {
        messagesOf(ParserOf, stream, []);
        return spies.reduce((calls, spy) => calls + spy.mock.calls.length, 0);
      } finally {
        spies.forEach((spy) => spy.mockRestore());
      }
    };
    expect(callsOf(PatchedParser)).toBe(0);
    expect(callsOf(PublishedParser)).toBeGreaterThan(10);
  });

  test("parsing rows decodes no name or value through Buffer's toString (the published parser calls it for each)", () => {
    const stream = Buffer.concat([
      message("T", int16(1), cstring("title"), int32(16_384), int16(2), int32(25), int16(-1), int32(-1), int16(0)),
      message("D", int16(1), int32(Buffer.byteLength("Brontë")), Buffer.from("Brontë")),
      message("D", int16(1), int32(0)),
      message("C", cstring("SELECT 2")),
    ]);
    const callsOf = (ParserOf: ParserClass) => {
      const spy = jest.spyOn(Buffer.prototype, "toString");
      try {
        return { messages: messagesOf(ParserOf, stream, []), calls: spy.mock.calls.length };
      } finally {
        spy.mockRestore();
      }
    };
    const [patched, published] = [callsOf(PatchedParser), callsOf(PublishedParser)];
    expect(patched.messages).toStrictEqual(published.messages);
    // The empty value is the one toString still decodes (its empty range); the others do not reach it.
    expect(patched.calls).toBe(1);
    expect(published.calls).toBe(4);
  });
});
