import fc from "fast-check";
import { isoDateTimeOf } from "../src/entities/iso-date-time";

const MS_PER_DAY = 86_400_000;
// The whole range a Date holds: ±100,000,000 days from 1970.
const DATE_RANGE_MS = 8.64e15;

describe("isoDateTimeOf", () => {
  test("every day of two full 400-year cycles of the calendar (1600 to 2399), at its first and its last millisecond: what toISOString writes", () => {
    const start = new Date("1600-01-01T00:00:00.000Z").getTime();
    const end = new Date("2399-12-31T00:00:00.000Z").getTime();
    for (let day = start; day <= end; day += MS_PER_DAY) {
      for (const time of [day, day + MS_PER_DAY - 1]) {
        const date = new Date(time);
        const written = isoDateTimeOf(date);
        if (written !== date.toISOString()) throw new Error(`${date.toISOString()}: wrote ${written}`);
      }
    }
  });

  test("any time a Date holds, and the edges of the four-digit years: what toISOString writes", () => {
    const edges = ["0000-01-01T00:00:00.000Z", "9999-12-31T23:59:59.999Z", "1970-01-01T00:00:00.000Z", "2000-02-29T12:34:56.789Z", "1900-03-01T00:00:00.000Z"]
      .map((text) => new Date(text).getTime())
      .flatMap((time) => [time - 1, time, time + 1]);
    fc.assert(
      fc.property(fc.oneof(fc.integer({ min: -DATE_RANGE_MS, max: DATE_RANGE_MS }), fc.constantFrom(...edges, -DATE_RANGE_MS, DATE_RANGE_MS)), (time) => {
        const date = new Date(time);
        expect(isoDateTimeOf(date)).toBe(date.toISOString());
      }),
      { numRuns: 20_000 },
    );
  });

  test("an invalid date throws as toISOString does", () => {
    expect(() => isoDateTimeOf(new Date(Number.NaN))).toThrow(RangeError);
  });
});
