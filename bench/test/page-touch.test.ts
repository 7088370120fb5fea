import { firstTouchMicros } from "../src/page-touch";

describe("what a page's first touch costs", () => {
  test("gives a time per page: more than nothing, less than a millisecond", () => {
    const micros = firstTouchMicros(4);
    expect(micros).toBeGreaterThan(0);
    expect(micros).toBeLessThan(1000);
  });
});
