import { buildDataSource, readLibpqSettings, resolveConnectionTuning, type DataSource } from "@bookstore/orm";
import fc from "fast-check";
import { Client } from "pg";

// Zones whose offsets are not whole hours, change with the date, or had
// seconds before standard time (Amsterdam's +00:19:32 until 1937).
const TIME_ZONES = ["UTC", "Asia/Kolkata", "America/St_Johns", "Pacific/Chatham", "America/Los_Angeles", "Europe/Amsterdam", "Asia/Kathmandu"];
const EDGES = ["infinity", "-infinity", "4714-11-24 00:00:00+00 BC", "0001-01-01 00:00:00+00 BC", "0001-01-01 00:00:00+00", "0099-12-31 23:59:59.999999+00", "1970-01-01 00:00:00+00", "9999-12-31 23:59:59.999999+00", "275760-09-13 00:00:00+00", "294276-12-31 23:59:59.999999+00"];

const pad = (value: number, width: number) => String(value).padStart(width, "0");

/** A timestamptz literal anywhere in PostgreSQL's range, with microseconds that may end in zeros (which the server leaves out). */
const timestampLiteral = fc
  .record({
    year: fc.integer({ min: 1, max: 9999 }),
    bc: fc.boolean(),
    month: fc.integer({ min: 1, max: 12 }),
    day: fc.integer({ min: 1, max: 28 }),
    hour: fc.integer({ min: 0, max: 23 }),
    minute: fc.integer({ min: 0, max: 59 }),
    second: fc.integer({ min: 0, max: 59 }),
    microseconds: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 999 }).map((ms) => ms * 1000), fc.integer({ min: 0, max: 999_999 })),
  })
  .map(({ year, bc, month, day, hour, minute, second, microseconds }) => {
    const date = `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}`;
    return `${date} ${pad(hour, 2)}:${pad(minute, 2)}:${pad(second, 2)}.${pad(microseconds, 6)}+00${bc && year <= 4713 ? " BC" : ""}`;
  });

/** A value as it can be compared: a Date by its time (NaN past JavaScript's range), anything else as it is. */
const comparable = (value: unknown) => (value instanceof Date ? { date: value.getTime() } : { value });

const SELECT_VALUES = "SELECT v FROM unnest($1::timestamptz[]) WITH ORDINALITY AS t(v, i) ORDER BY i";

describe("the layer's connections read timestamptz", () => {
  let dataSource: DataSource;
  let published: Client;
  let literals: string[];

  beforeAll(async () => {
    dataSource = buildDataSource({ settings: readLibpqSettings(process.env), tuning: resolveConnectionTuning({}) });
    await dataSource.initialize();
    // pg as published: pg-types' default parser (postgres-date 1).
    published = new Client({ connectionString: process.env.DATABASE_URL });
    await published.connect();
    literals = [...EDGES, ...fc.sample(timestampLiteral, { numRuns: 500, seed: 20261205 }), null as unknown as string];
  });
  afterAll(async () => {
    await published?.end();
    await dataSource?.destroy();
  });

  test.each(TIME_ZONES)("as the same instants as pg's default parser, in the session time zone %s", async (zone) => {
    const runner = dataSource.createQueryRunner();
    try {
      await runner.startTransaction();
      await runner.query("SELECT set_config('TimeZone', $1, true)", [zone]);
      const ours: Array<{ v: unknown }> = await runner.query(SELECT_VALUES, [literals]);
      await runner.commitTransaction();

      await published.query("BEGIN");
      await published.query("SELECT set_config('TimeZone', $1, true)", [zone]);
      const { rows: theirs } = await published.query<{ v: unknown }>(SELECT_VALUES, [literals]);
      await published.query("COMMIT");

      expect(ours.map(({ v }) => comparable(v))).toEqual(theirs.map(({ v }) => comparable(v)));
      // And the instants written: every literal in JavaScript's range, whatever zone the server wrote it in.
      const instants = ours.map(({ v }) => v);
      expect(instants.filter((v) => v instanceof Date && !Number.isNaN(v.getTime())).length).toBeGreaterThan(500);
      expect(instants[EDGES.indexOf("1970-01-01 00:00:00+00")]).toEqual(new Date(0));
      expect(instants[EDGES.indexOf("0099-12-31 23:59:59.999999+00")]).toEqual(new Date("0099-12-31T23:59:59.999Z"));
      expect(instants.slice(0, 2)).toEqual([Infinity, -Infinity]);
      expect(instants.at(-1)).toBeNull();
    } finally {
      if (runner.isTransactionActive) await runner.rollbackTransaction();
      await runner.release();
    }
  });
});
